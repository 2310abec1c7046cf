package io.dbmigrate.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import io.dbmigrate.api.DatabaseMigration;
import io.dbmigrate.api.ImageSource;
import io.dbmigrate.api.JobSpec;
import io.dbmigrate.api.PullSecretRef;
import io.dbmigrate.api.ResolvedSource;
import io.dbmigrate.api.SeedSpec;
import io.dbmigrate.testing.CapturedLogs;
import io.dbmigrate.testing.OperatorEnvironment;
import io.dbmigrate.testing.TarLayer;
import io.dbmigrate.testing.TestRegistry;
import io.dbmigrate.testing.TestResources;
import io.dbmigrate.testing.Waits;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * spec.migrations.image and spec.seeds[].image through the operator, against a real registry and
 * PostgreSQL: the tag is pinned to its digest at reconcile, the Job runs the digest (pulled by the
 * runner, or an image volume the kubelet fixture extracts), a new push to the tag runs exactly once
 * more, and a registry that goes away leaves the last digest in force.
 */
class ImageSourceOperatorIT {
  private static final String NS = "shop";
  private static final String USER = "puller";
  private static final String PASSWORD = "Regi5try-S3cret-" + UUID.randomUUID();

  @RegisterExtension static final TestRegistry registry = TestRegistry.open();

  @RegisterExtension
  static final TestRegistry privateRegistry = TestRegistry.withPassword(USER, PASSWORD);

  @RegisterExtension final OperatorEnvironment environment = new OperatorEnvironment();

  private static byte[] layer(Map<String, String> files) {
    TarLayer layer = new TarLayer().file("app/run.sh", "#!/bin/sh");
    files.forEach((name, content) -> layer.file("migrations/" + name, content));
    return layer.tar();
  }

  private static final Map<String, String> V1 =
      Map.of("V1__customers.sql", "CREATE TABLE customers (id int PRIMARY KEY);");

  private static final Map<String, String> V1_V2 =
      Map.of(
          "V1__customers.sql", "CREATE TABLE customers (id int PRIMARY KEY);",
          "V2__orders.sql", "CREATE TABLE orders (id int PRIMARY KEY);");

  /** The resource shop, its migrations from {@code reference}, the Job's way in {@code mode}. */
  private void shop(String reference, String mode, Consumer<ImageSource> image) {
    KubernetesClient client = environment.client();
    client
        .resource(
            TestResources.secret(NS, "shop-db", Map.of("url", environment.database().jdbcUrl())))
        .create();
    DatabaseMigration shop = TestResources.migration(NS, "shop", "shop-db");
    ImageSource source = new ImageSource(reference);
    image.accept(source);
    shop.getSpec().getMigrations().setImage(source);
    if (mode != null) {
      JobSpec job = new JobSpec();
      job.setImageSource(mode);
      shop.getSpec().setJob(job);
    }
    client.resource(shop).create();
  }

  /** A seed image: {@code files} in /seeds, beside something else. */
  private static byte[] seedLayer(Map<String, String> files) {
    TarLayer layer = new TarLayer().file("app/run.sh", "#!/bin/sh");
    files.forEach((name, content) -> layer.file("seeds/" + name, content));
    return layer.tar();
  }

  /** Adds the seed demo, from {@code reference}, to the resource shop before it is created. */
  private void shopWithSeedImage(String migrations, String seedReference, String mode) {
    KubernetesClient client = environment.client();
    client
        .resource(
            TestResources.secret(NS, "shop-db", Map.of("url", environment.database().jdbcUrl())))
        .create();
    DatabaseMigration shop = TestResources.migration(NS, "shop", "shop-db");
    shop.getSpec().getMigrations().setImage(new ImageSource(migrations));
    ImageSource seedImage = new ImageSource(seedReference);
    seedImage.setRefreshInterval("1s");
    SeedSpec seed = new SeedSpec("demo", null, null);
    seed.setImage(seedImage);
    shop.getSpec().setSeeds(List.of(seed));
    JobSpec job = new JobSpec();
    job.setImageSource(mode);
    shop.getSpec().setJob(job);
    client.resource(shop).create();
  }

  private static ResolvedSource source(DatabaseMigration dm, String name) {
    return dm.getStatus().getSources().stream()
        .filter(source -> name.equals(source.getName()))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no source " + name + " in status.sources"));
  }

  private static final Map<String, String> SEED_ONE =
      Map.of("01-customers.sql", "INSERT INTO customers VALUES (1) ON CONFLICT DO NOTHING;");

  private static final Map<String, String> SEED_TWO =
      Map.of("01-customers.sql", "INSERT INTO customers VALUES (1), (2) ON CONFLICT DO NOTHING;");

  @Test
  void aSeedImageIsPulledByDigestAfterTheMigrationsAndANewPushOfItsTagRunsExactlyOnceMore() {
    String id = UUID.randomUUID().toString().substring(0, 8);
    String migrations = "shop/app-" + id;
    String seeds = "shop/seeds-" + id;
    registry.pushImage(migrations, "1", List.of(layer(V1)), true);
    String first = registry.pushImage(seeds, "stable", List.of(seedLayer(SEED_ONE)), true);
    String seedReference = registry.reference(seeds, "stable");

    shopWithSeedImage(
        registry.reference(migrations, "1"), seedReference, JobSpec.IMAGE_SOURCE_PULL);

    DatabaseMigration ready = environment.awaitReadyAt("shop", "1");
    assertThat(ready.getStatus().getSources())
        .extracting(ResolvedSource::getName)
        .containsExactly("migrations", "seed/demo");
    ResolvedSource seed = source(ready, "seed/demo");
    assertThat(seed.getReference()).isEqualTo(seedReference);
    assertThat(seed.getDigest()).isEqualTo(first);
    OperatorEnvironment.assertCondition(ready, "SourcesResolved", "True", "Resolved");
    List<String> args = container(environment.jobs().get(0)).getArgs();
    assertThat(args)
        .containsSubsequence(
            "--seed-image", "demo=" + registry.address() + "/" + seeds + "@" + first + "#/seeds")
        .doesNotContain(seedReference);
    assertThat(environment.database().column("SELECT id::text FROM customers ORDER BY id"))
        .containsExactly("1");

    String firstJob = ready.getStatus().getLastJob().getName();
    String second = registry.pushImage(seeds, "stable", List.of(seedLayer(SEED_TWO)), true);
    DatabaseMigration seededAgain =
        environment.await(
            "shop",
            "Ready with the seed's new digest",
            dm ->
                dm.getStatus() != null
                    && dm.getStatus().getSources() != null
                    && dm.getStatus().getSources().stream()
                        .anyMatch(s -> second.equals(s.getDigest()))
                    && OperatorEnvironment.condition(dm, "Ready")
                        .filter(c -> "True".equals(c.getStatus()))
                        .isPresent()
                    && !firstJob.equals(dm.getStatus().getLastJob().getName()));
    assertThat(source(seededAgain, "seed/demo").getDigest()).isEqualTo(second);
    assertThat(environment.database().column("SELECT id::text FROM customers ORDER BY id"))
        .containsExactly("1", "2");
    // The seed's tag is looked up every second from here on: the same digest starts nothing new.
    Waits.holdsFor(
        Duration.ofSeconds(3),
        () -> assertThat(environment.jobs()).as("one Job per seed digest").hasSize(2));
  }

  @Test
  void inVolumeModeEachImageIsItsOwnVolumeAndTheSeedIsReadFromItsPath() {
    String id = UUID.randomUUID().toString().substring(0, 8);
    String migrations = "shop/app-" + id;
    String seeds = "shop/seeds-" + id;
    String migrationsDigest = registry.pushImage(migrations, "1", List.of(layer(V1)), true);
    String seedDigest = registry.pushImage(seeds, "1", List.of(seedLayer(SEED_ONE)), true);
    String migrationsPinned = registry.address() + "/" + migrations + "@" + migrationsDigest;
    String seedPinned = registry.address() + "/" + seeds + "@" + seedDigest;

    shopWithSeedImage(
        registry.reference(migrations, "1"),
        registry.reference(seeds, "1"),
        JobSpec.IMAGE_SOURCE_VOLUME);

    DatabaseMigration ready = environment.awaitReadyAt("shop", "1");
    assertThat(source(ready, "seed/demo").getDigest()).isEqualTo(seedDigest);
    Job job = environment.jobs().get(0);
    assertThat(job.getSpec().getTemplate().getSpec().getVolumes())
        .filteredOn(v -> v.getImage() != null)
        .extracting(v -> v.getName() + "=" + v.getImage().getReference())
        .containsExactly("migrations-image=" + migrationsPinned, "seed-image-0=" + seedPinned);
    assertThat(container(job).getVolumeMounts())
        .anySatisfy(
            mount -> {
              assertThat(mount.getName()).isEqualTo("seed-image-0");
              assertThat(mount.getMountPath()).isEqualTo("/seeds-image/0");
              assertThat(mount.getReadOnly()).isTrue();
            });
    assertThat(container(job).getArgs())
        .containsSubsequence("--seed", "demo=/seeds-image/0/seeds")
        .doesNotContain("--seed-image");
    assertThat(environment.kubelet().imagePulls())
        .containsExactlyInAnyOrder(migrationsPinned, seedPinned);
    assertThat(environment.database().column("SELECT id::text FROM customers ORDER BY id"))
        .containsExactly("1");
  }

  private static ResolvedSource source(DatabaseMigration dm) {
    assertThat(dm.getStatus().getSources()).hasSize(1);
    return dm.getStatus().getSources().get(0);
  }

  private static Container container(Job job) {
    return job.getSpec().getTemplate().getSpec().getContainers().get(0);
  }

  @Test
  void aTagIsPinnedAndTheRunnerPullsTheDigestAndANewPushRunsExactlyOnceMore() {
    String repository = "shop/pull-" + UUID.randomUUID().toString().substring(0, 8);
    String first = registry.pushImage(repository, "stable", List.of(layer(V1)), true);
    String reference = registry.reference(repository, "stable");

    shop(reference, null, image -> image.setRefreshInterval("1s"));

    DatabaseMigration ready = environment.awaitReadyAt("shop", "1");
    ResolvedSource pinned = source(ready);
    assertThat(pinned.getName()).isEqualTo("migrations");
    assertThat(pinned.getReference()).isEqualTo(reference);
    assertThat(pinned.getDigest()).isEqualTo(first);
    assertThat(pinned.getResolvedAt()).isNotBlank();
    OperatorEnvironment.assertCondition(ready, "SourcesResolved", "True", "Resolved");
    List<Job> jobs = environment.jobs();
    assertThat(jobs).hasSize(1);
    List<String> args = container(jobs.get(0)).getArgs();
    String pinnedName = registry.address() + "/" + repository + "@" + first;
    assertThat(args)
        .containsSubsequence("--migrations-image", pinnedName)
        .containsSubsequence("--migrations-image-path", "/migrations")
        .doesNotContain(reference)
        .noneMatch(arg -> arg.equals("--migrations"));
    assertThat(environment.database().column("SELECT script FROM flyway_schema_history"))
        .containsExactly("V1__customers.sql");

    String second = registry.pushImage(repository, "stable", List.of(layer(V1_V2)), true);
    assertThat(second).isNotEqualTo(first);

    DatabaseMigration again = environment.awaitReadyAt("shop", "2");
    assertThat(source(again).getDigest()).isEqualTo(second);
    assertThat(environment.database().column("SELECT script FROM flyway_schema_history"))
        .containsExactly("V1__customers.sql", "V2__orders.sql");
    // The tag is looked up every second from here on: the same digest starts nothing new.
    Waits.holdsFor(
        Duration.ofSeconds(3),
        () -> {
          List<Job> now = environment.jobs();
          assertThat(now).as("one Job per digest").hasSize(2);
          assertThat(now)
              .anySatisfy(
                  job ->
                      assertThat(container(job).getArgs())
                          .contains(registry.address() + "/" + repository + "@" + second));
        });
  }

  @Test
  void inVolumeModeTheJobMountsAnImageVolumeByDigestAndReadsItsPath() {
    String repository = "shop/volume-" + UUID.randomUUID().toString().substring(0, 8);
    String digest = registry.pushImage(repository, "1.0", List.of(layer(V1_V2)), true);
    String pinnedName = registry.address() + "/" + repository + "@" + digest;

    shop(registry.reference(repository, "1.0"), JobSpec.IMAGE_SOURCE_VOLUME, image -> {});

    DatabaseMigration ready = environment.awaitReadyAt("shop", "2");
    assertThat(source(ready).getDigest()).isEqualTo(digest);
    Job job = environment.jobs().get(0);
    Volume volume =
        job.getSpec().getTemplate().getSpec().getVolumes().stream()
            .filter(v -> v.getImage() != null)
            .findFirst()
            .orElseThrow();
    assertThat(volume.getImage().getReference()).isEqualTo(pinnedName);
    assertThat(volume.getImage().getPullPolicy()).isEqualTo("IfNotPresent");
    assertThat(container(job).getVolumeMounts())
        .anySatisfy(
            mount -> {
              assertThat(mount.getName()).isEqualTo(volume.getName());
              assertThat(mount.getMountPath()).isEqualTo("/migrations-image");
              assertThat(mount.getReadOnly()).isTrue();
            });
    assertThat(container(job).getArgs())
        .containsSubsequence("--migrations", "/migrations-image/migrations")
        .doesNotContain("--migrations-image");
    assertThat(environment.kubelet().imagePulls()).containsExactly(pinnedName);
    assertThat(environment.database().column("SELECT script FROM flyway_schema_history"))
        .containsExactly("V1__customers.sql", "V2__orders.sql");
  }

  @Test
  void aPrivateRegistryIsReadWithThePullSecretWhosePasswordShowsNowhere() {
    String repository = "shop/private";
    String digest = privateRegistry.pushImage(repository, "1", List.of(layer(V1)), true);
    String auth =
        Base64.getEncoder()
            .encodeToString((USER + ":" + PASSWORD).getBytes(StandardCharsets.UTF_8));
    String config =
        "{\"auths\":{\"" + privateRegistry.address() + "\":{\"auth\":\"" + auth + "\"}}}";
    KubernetesClient client = environment.client();
    client
        .resource(
            new SecretBuilder()
                .withNewMetadata()
                .withName("registry")
                .withNamespace(NS)
                .endMetadata()
                .withType("kubernetes.io/dockerconfigjson")
                .withData(Map.of(".dockerconfigjson", TestResources.base64(config)))
                .build())
        .create();

    try (CapturedLogs logs = CapturedLogs.start()) {
      shop(
          privateRegistry.reference(repository, "1"),
          null,
          image -> image.setPullSecrets(List.of(new PullSecretRef("registry"))));

      DatabaseMigration ready = environment.awaitReadyAt("shop", "1");
      assertThat(source(ready).getDigest()).isEqualTo(digest);
      Job job = environment.jobs().get(0);
      assertThat(container(job).getEnv())
          .anySatisfy(
              env -> {
                assertThat(env.getName()).isEqualTo("DBMIGRATE_DOCKER_CONFIGS");
                assertThat(env.getValue()).isEqualTo("/var/run/secrets/dbmigrate.io/registry/0");
              });
      Volume credentials =
          job.getSpec().getTemplate().getSpec().getVolumes().stream()
              .filter(v -> v.getProjected() != null)
              .findFirst()
              .orElseThrow();
      assertThat(credentials.getProjected().getDefaultMode())
          .as("readable by a non-root runner")
          .isEqualTo(0444);
      var projection = credentials.getProjected().getSources().get(0).getSecret();
      assertThat(projection.getName()).isEqualTo("registry");
      assertThat(projection.getItems().get(0).getKey()).isEqualTo(".dockerconfigjson");
      assertThat(projection.getItems().get(0).getPath()).isEqualTo("0/config.json");

      assertThat(Serialization.asJson(ready)).doesNotContain(PASSWORD).doesNotContain(auth);
      assertThat(Serialization.asJson(environment.jobs()))
          .doesNotContain(PASSWORD)
          .doesNotContain(auth);
      assertThat(Serialization.asJson(environment.events()))
          .doesNotContain(PASSWORD)
          .doesNotContain(auth);
      assertThat(environment.kubelet().runs())
          .allSatisfy(run -> assertThat(run.output()).doesNotContain(PASSWORD));
      assertThat(logs.text()).contains("shop").doesNotContain(PASSWORD).doesNotContain(auth);
    }
  }

  @Test
  void aRegistryThatGoesAwayLeavesTheLastDigestInForceAndStartsNoJob() throws Exception {
    try (TestRegistry leaving = TestRegistry.open().start()) {
      String digest = leaving.pushImage("shop/leaving", "1", List.of(layer(V1)), true);
      shop(leaving.reference("shop/leaving", "1"), null, image -> image.setRefreshInterval("1s"));
      environment.awaitReadyAt("shop", "1");

      leaving.close();

      DatabaseMigration unavailable =
          environment.await(
              "shop",
              "SourcesResolved=False",
              dm ->
                  OperatorEnvironment.condition(dm, "SourcesResolved")
                      .filter(c -> "False".equals(c.getStatus()))
                      .isPresent());
      var condition =
          OperatorEnvironment.assertCondition(
              unavailable, "SourcesResolved", "False", "RegistryUnavailable");
      assertThat(condition.getMessage())
          .startsWith("spec.migrations.image: cannot reach registry " + leaving.address())
          .endsWith("; the last resolved digest " + digest + " stays in force");
      OperatorEnvironment.assertCondition(unavailable, "Ready", "True", "MigrationsApplied");
      assertThat(source(unavailable).getDigest()).isEqualTo(digest);
      assertThat(environment.awaitEvent("shop", "RegistryUnavailable").getType())
          .isEqualTo("Warning");
      Waits.holdsFor(
          Duration.ofSeconds(3), () -> assertThat(environment.jobs()).as("no new Job").hasSize(1));
    }
  }

  @Test
  void aResourceAtRestDoesNotAskTheRegistryUntilItsReferenceChanges() throws Exception {
    try (TestRegistry quiet = TestRegistry.open().start()) {
      String digest = quiet.pushImage("shop/quiet", "1", List.of(layer(V1)), true);
      shop(quiet.reference("shop/quiet", "1"), null, image -> image.setRefreshInterval("1h"));
      environment.awaitReadyAt("shop", "1");

      quiet.close();
      // A new generation that is no new input: reconciled, but the digest is an hour fresh.
      DatabaseMigration patched =
          TestResources.mergePatch(
              environment.client(), NS, "shop", "{\"spec\":{\"health\":{\"interval\":\"45s\"}}}");
      long generation = patched.getMetadata().getGeneration();
      DatabaseMigration reconciled =
          environment.await(
              "shop",
              "generation " + generation + " observed",
              dm -> Long.valueOf(generation).equals(dm.getStatus().getObservedGeneration()));
      OperatorEnvironment.assertCondition(reconciled, "SourcesResolved", "True", "Resolved");
      OperatorEnvironment.assertCondition(reconciled, "Ready", "True", "MigrationsApplied");
      assertThat(source(reconciled).getDigest()).isEqualTo(digest);

      // Another reference is looked up at once: the registry is gone, and nothing was resolved.
      TestResources.mergePatch(
          environment.client(),
          NS,
          "shop",
          "{\"spec\":{\"migrations\":{\"image\":{\"reference\":\""
              + quiet.reference("shop/quiet", "2")
              + "\"}}}}");
      DatabaseMigration stalled = environment.awaitReason("shop", "RegistryUnavailable");
      assertThat(OperatorEnvironment.readyMessage(stalled))
          .startsWith("spec.migrations.image: cannot reach registry " + quiet.address());
      OperatorEnvironment.assertCondition(
          stalled, "SourcesResolved", "False", "RegistryUnavailable");
      assertThat(environment.jobs()).as("no Job without a digest").hasSize(1);
    }
  }
}
