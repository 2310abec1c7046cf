package io.dbmigrate.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import io.dbmigrate.api.ConfigMapKeyRef;
import io.dbmigrate.api.DatabaseMigration;
import io.dbmigrate.api.FlywaySpec;
import io.dbmigrate.api.Phase;
import io.dbmigrate.api.PlaceholderSource;
import io.dbmigrate.testing.ApiRequest;
import io.dbmigrate.testing.OperatorEnvironment;
import io.dbmigrate.testing.OperatorProcess;
import io.dbmigrate.testing.TestResources;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What a reconcile reads from the API server: labelled inputs come from the informers' caches, an
 * unlabelled one is read once per spec generation and recheck interval, however many reconciles
 * happen in between. The operator runs with a User-Agent of its own, so the kubelet fixture's reads
 * (the Job's volumes and environment) are not counted.
 */
class InputReadsIT {
  private static final String NS = "shop";
  private static final String AGENT = "reads";
  private static final String MIGRATION = "CREATE TABLE region_${region} (id int);";

  // A new value of the placeholder is a new input: a new Job (which finds V1 applied) proves that
  // the operator read it.

  @RegisterExtension
  final OperatorEnvironment environment = new OperatorEnvironment().withoutOperator();

  @Test
  void labelledInputsComeFromTheCacheAndAnUnlabelledOneIsReadOncePerGeneration() {
    environment.startReplica(AGENT);
    environment.client().resource(settings(false, "eu")).create();
    createShop();
    environment.awaitReadyAt("shop", "1");
    assertThat(environment.database().tableExists("region_eu")).isTrue();

    // The way to Ready took several reconciles (the one that created the Job, the one that saw it
    // end, the status write's): the labelled Secret and ConfigMap were never fetched, the
    // unlabelled one once.
    assertThat(gets("secrets/shop-db")).isZero();
    assertThat(gets("configmaps/shop-migrations")).isZero();
    assertThat(gets("configmaps/shop-settings")).isEqualTo(1);

    // A spec change reads it again at once: the new value is in the new Job's inputs.
    environment.client().resource(settings(false, "us")).update();
    environment
        .client()
        .resources(DatabaseMigration.class)
        .inNamespace(NS)
        .withName("shop")
        .edit(
            shop -> {
              shop.getSpec().getFlyway().setPlaceholders(Map.of("owner", "shop"));
              return shop;
            });
    environment.await(
        "shop",
        "Ready for generation 2",
        dm ->
            dm.getStatus().getPhase() == Phase.Ready
                && Objects.equals(dm.getStatus().getObservedGeneration(), 2L));
    assertThat(gets("configmaps/shop-settings")).isEqualTo(2);
    assertThat(gets("secrets/shop-db")).isZero();
    assertThat(gets("configmaps/shop-migrations")).isZero();
  }

  @Test
  void aChangeOfAnUnlabelledInputIsFoundOnTheRecheckInterval() {
    environment.withRecheckInterval(Duration.ofSeconds(10)).startReplica(AGENT);
    environment.client().resource(settings(false, "eu")).create();
    createShop();
    environment.awaitReadyAt("shop", "1");
    String firstJob = environment.get("shop").getStatus().getLastJob().getName();

    environment.client().resource(settings(false, "us")).update();
    environment.await(
        "shop",
        "Ready after a Job with the new value",
        Duration.ofSeconds(60),
        dm ->
            dm.getStatus().getPhase() == Phase.Ready
                && !firstJob.equals(dm.getStatus().getLastJob().getName()));
  }

  @Test
  void aChangeOfALabelledPlaceholderConfigMapWakesTheResourceAtOnce() {
    // The recheck interval is 5 minutes: only the watch can bring the change in time.
    environment.startReplica(AGENT);
    environment.client().resource(settings(true, "eu")).create();
    createShop();
    environment.awaitReadyAt("shop", "1");
    String firstJob = environment.get("shop").getStatus().getLastJob().getName();

    environment.client().resource(settings(true, "us")).update();
    environment.await(
        "shop",
        "Ready after a Job with the new value",
        Duration.ofSeconds(30),
        dm ->
            dm.getStatus().getPhase() == Phase.Ready
                && !firstJob.equals(dm.getStatus().getLastJob().getName()));
    assertThat(gets("configmaps/shop-settings")).isZero();
  }

  /** The shop, with its migration's placeholder {@code region} from ConfigMap shop-settings. */
  private void createShop() {
    PlaceholderSource region = new PlaceholderSource();
    region.setName("region");
    ConfigMapKeyRef key = new ConfigMapKeyRef();
    key.setName("shop-settings");
    key.setKey("region");
    region.setConfigMapKeyRef(key);
    FlywaySpec flyway = new FlywaySpec();
    flyway.setPlaceholdersFrom(List.of(region));
    environment.createShop(
        Map.of("V1__region.sql", MIGRATION), shop -> shop.getSpec().setFlyway(flyway));
  }

  private static ConfigMap settings(boolean labelled, String region) {
    ConfigMapBuilder builder =
        new ConfigMapBuilder()
            .withNewMetadata()
            .withName("shop-settings")
            .withNamespace(NS)
            .endMetadata()
            .addToData("region", region);
    if (labelled) {
      builder.editMetadata().addToLabels(TestResources.WATCH_LABEL, "enabled").endMetadata();
    }
    return builder.build();
  }

  /** How often the operator fetched {@code resource/name} in the shop namespace. */
  private long gets(String resourceAndName) {
    String path = "/api/v1/namespaces/" + NS + "/" + resourceAndName;
    return environment.cluster().requests().stream()
        .filter(r -> (OperatorProcess.AGENT_PREFIX + AGENT).equals(r.userAgent()))
        .filter(r -> "GET".equals(r.method()) && path.equals(r.path()))
        .map(ApiRequest::path)
        .count();
  }
}
