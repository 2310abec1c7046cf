package io.dbmigrate.gate;

import static org.assertj.core.api.Assertions.assertThat;

import io.dbmigrate.api.DatabaseMigration;
import io.dbmigrate.api.Phase;
import io.dbmigrate.testing.AdmissionClient;
import io.dbmigrate.testing.Eventually;
import io.dbmigrate.testing.OperatorEnvironment;
import io.dbmigrate.testing.SelfSignedCertificate;
import io.dbmigrate.testing.TestResources;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodSchedulingGate;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Migrations before the app: pods admitted through the real webhook over HTTPS are gated, and
 * the real operator lets them go once the kubelet fixture's Job has migrated the real database.
 */
class PodGatingIT {
  private static final String NS = "shop";
  private static final Duration TIMEOUT = Duration.ofSeconds(60);
  private static final SelfSignedCertificate CERTIFICATE = SelfSignedCertificate.forLocalhost();

  @TempDir Path tmp;

  private OperatorEnvironment environment;
  private KubernetesClient client;
  private WebhookServer webhook;
  private AdmissionClient admission;

  @BeforeEach
  void start() throws Exception {
    environment = OperatorEnvironment.start(tmp.resolve("kubelet"));
    client = environment.client();
    environment.cluster().createNamespace(NS);
    webhook = WebhookServer.start(0, CERTIFICATE.writeTo(tmp.resolve("tls"), false),
        new PodGateMutator(MigrationLookup.from(client), client.getKubernetesSerialization()),
        client.getKubernetesSerialization());
    admission = new AdmissionClient(CERTIFICATE, webhook.port(), WebhookServer.PATH);
  }

  @AfterEach
  void stop() {
    webhook.close();
    environment.close();
  }

  @Test
  void podWaitsWhileTheMigrationRunsAndStartsWhenItIsReady() {
    environment.kubelet().hold();
    createShop(Map.of("V1__customers.sql", "CREATE TABLE customers (id bigint);"));
    awaitPhase(Phase.Migrating);

    Pod pod = createPod("web-1", "shop");
    assertThat(gates(pod)).containsExactly("dbmigrate.io/shop");
    assertThat(pod.getMetadata().getLabels()).containsEntry("dbmigrate.io/gated", "true");
    awaitStatus(dm -> Integer.valueOf(1).equals(dm.getStatus().getGatedPods()), "one gated pod counted");

    environment.kubelet().release();
    Pod released = awaitPod("web-1", p -> gates(p).isEmpty(), "gate removed");
    assertThat(released.getMetadata().getLabels()).doesNotContainKey("dbmigrate.io/gated").containsEntry("app", "web");
    DatabaseMigration ready = awaitPhase(Phase.Ready);
    assertThat(ready.getStatus().getGatedPods()).isZero();
  }

  @Test
  void podNeedingANewerVersionWaitsForIt() {
    createShop(Map.of("V1__customers.sql", "CREATE TABLE customers (id bigint);"));
    awaitPhase(Phase.Ready);

    assertThat(gates(createPod("web-v1", "shop@1"))).as("version 1 is there").isEmpty();
    Pod waiting = createPod("web-v2", "shop@2");
    assertThat(gates(waiting)).containsExactly("dbmigrate.io/shop");
    awaitStatus(dm -> Integer.valueOf(1).equals(dm.getStatus().getGatedPods()), "the v2 pod counted");
    assertThat(gates(client.pods().inNamespace(NS).withName("web-v2").get())).containsExactly("dbmigrate.io/shop");

    ConfigMap migrations = client.configMaps().inNamespace(NS).withName("shop-migrations").get();
    migrations.getData().put("V2__orders.sql", "CREATE TABLE orders (id bigint);");
    client.resource(migrations).update();

    awaitPod("web-v2", p -> gates(p).isEmpty(), "gate removed at version 2");
    // The gate goes in the same reconcile that records version 2, just before the status write.
    awaitStatus(dm -> "2".equals(dm.getStatus().getCurrentVersion()), "version 2 recorded");
  }

  @Test
  void failedMigrationKeepsPodsGatedAndSaysWhy() {
    createShop(Map.of("V1__broken.sql", "INSERT INTO nowhere VALUES (1);"));
    createPod("web-1", "shop");
    createPod("web-2", "shop");

    DatabaseMigration failed = awaitStatus(
        dm -> dm.getStatus().getPhase() == Phase.Failed && Integer.valueOf(2).equals(dm.getStatus().getGatedPods()),
        "failed with two pods waiting");
    assertThat(failed.getStatus().getGatedPods()).isEqualTo(2);
    Eventually.await(TIMEOUT, () -> client.v1().events().inNamespace(NS).list().getItems(),
        events -> events.stream().anyMatch(e -> "PodsWaiting".equals(e.getReason())
            && e.getMessage().startsWith("2 pods wait for this migration, which failed: ")
            && e.getMessage().contains("nowhere")
            && "Warning".equals(e.getType())),
        "a PodsWaiting warning");
    assertThat(gates(client.pods().inNamespace(NS).withName("web-1").get())).containsExactly("dbmigrate.io/shop");
    assertThat(gates(client.pods().inNamespace(NS).withName("web-2").get())).containsExactly("dbmigrate.io/shop");
  }

  @Test
  void podRequiringTwoMigrationsKeepsTheGateOfTheOneNotReady() {
    createShop(Map.of("V1__customers.sql", "CREATE TABLE customers (id bigint);"));
    awaitPhase(Phase.Ready);
    Pod pod = createPod("web-1", "shop@2, billing");
    assertThat(gates(pod)).containsExactly("dbmigrate.io/shop", "dbmigrate.io/billing");

    ConfigMap migrations = client.configMaps().inNamespace(NS).withName("shop-migrations").get();
    migrations.getData().put("V2__orders.sql", "CREATE TABLE orders (id bigint);");
    client.resource(migrations).update();

    Pod partly = awaitPod("web-1", p -> gates(p).equals(List.of("dbmigrate.io/billing")), "shop's gate removed");
    assertThat(partly.getMetadata().getLabels()).as("still gated by billing").containsEntry("dbmigrate.io/gated", "true");
  }

  // --- helpers

  private Pod createPod(String name, String requires) {
    Pod pod = new PodBuilder()
        .withNewMetadata().withName(name).withNamespace(NS).withLabels(Map.of("app", "web"))
        .withAnnotations(Map.of("dbmigrate.io/requires", requires)).endMetadata()
        .withNewSpec().addNewContainer().withName("web").withImage("web:2").endContainer().endSpec()
        .build();
    return client.resource(admission.admit(pod)).create();
  }

  private void createShop(Map<String, String> files) {
    client.resource(TestResources.secret(NS, "shop-db", Map.of("url", environment.database().jdbcUrl()))).create();
    client.resource(TestResources.migrations(NS, "shop-migrations", files)).create();
    client.resource(TestResources.migration(NS, "shop", "shop-db", "shop-migrations")).create();
  }

  private static List<String> gates(Pod pod) {
    List<PodSchedulingGate> gates = pod.getSpec().getSchedulingGates();
    return gates == null ? List.of() : gates.stream().map(PodSchedulingGate::getName).toList();
  }

  private DatabaseMigration get() {
    return client.resources(DatabaseMigration.class).inNamespace(NS).withName("shop").get();
  }

  private DatabaseMigration awaitPhase(Phase phase) {
    return awaitStatus(dm -> dm.getStatus().getPhase() == phase, "phase " + phase);
  }

  private DatabaseMigration awaitStatus(java.util.function.Predicate<DatabaseMigration> done, String what) {
    return Eventually.await(TIMEOUT, this::get, dm -> dm != null && dm.getStatus() != null && done.test(dm), what,
        dm -> client.getKubernetesSerialization().asJson(dm == null ? null : dm.getStatus()));
  }

  private Pod awaitPod(String name, java.util.function.Predicate<Pod> done, String what) {
    return Eventually.await(TIMEOUT, () -> client.pods().inNamespace(NS).withName(name).get(), done, what,
        pod -> client.getKubernetesSerialization().asJson(pod));
  }
}
