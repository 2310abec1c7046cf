package io.dbmigrate.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import io.dbmigrate.api.DatabaseMigration;
import io.dbmigrate.api.HealthSpec;
import io.dbmigrate.api.Phase;
import io.dbmigrate.api.SecretValueSource;
import io.dbmigrate.testing.CapturedLogs;
import io.dbmigrate.testing.KubeletFixture;
import io.dbmigrate.testing.OperatorEnvironment;
import io.dbmigrate.testing.PostgresDatabase;
import io.dbmigrate.testing.TestResources;
import io.dbmigrate.testing.Waits;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The real operator against the mock API server, with the kubelet fixture running the real runner
 * for each Job against a real PostgreSQL database.
 */
class DatabaseMigrationOperatorIT {
  private static final String NS = "shop";
  private static final String PASSWORD = "pw-" + UUID.randomUUID();

  private final CapturedLogs logs = CapturedLogs.start();
  @RegisterExtension final OperatorEnvironment environment = new OperatorEnvironment();
  private PostgresDatabase database;
  private KubernetesClient client;
  private KubeletFixture kubelet;

  @BeforeEach
  void start() {
    database = environment.database();
    client = environment.client();
    kubelet = environment.kubelet();
  }

  @AfterEach
  void stop() {
    logs.close();
  }

  @Test
  void appliesMigrationsInAJobAndReportsReady() {
    createShopInputs(
        Map.of(
            "V1__customers.sql",
                "CREATE TABLE customers (id bigint PRIMARY KEY, name text NOT NULL);",
            "V2__orders.sql",
                "CREATE TABLE orders (id bigint PRIMARY KEY, customer_id bigint REFERENCES customers(id));"));
    DatabaseMigration shop = migration("shop", "shop-db", "shop-migrations");
    shop.getSpec().getDatabase().setUsernameFrom(new SecretValueSource("shop-db", "username"));
    client.resource(shop).create();

    DatabaseMigration ready = environment.awaitPhase("shop", Phase.Ready);

    assertThat(ready.getStatus().getCurrentVersion()).isEqualTo("2");
    assertThat(ready.getStatus().getMigrations().getApplied()).isEqualTo(2);
    assertThat(ready.getStatus().getMigrations().getPending()).isZero();
    assertThat(ready.getStatus().getObservedGeneration())
        .isEqualTo(ready.getMetadata().getGeneration());
    assertThat(ready.getStatus().getAppliedDigest()).hasSize(64);
    OperatorEnvironment.assertCondition(ready, "Ready", "True", "MigrationsApplied");
    OperatorEnvironment.assertCondition(ready, "MigrationsApplied", "True", "MigrationsApplied");
    OperatorEnvironment.assertCondition(ready, "Reconciling", "False", "MigrationsApplied");
    OperatorEnvironment.assertCondition(ready, "Stalled", "False", "MigrationsApplied");
    assertThat(ready.getStatus().getConditions())
        .allSatisfy(
            c ->
                assertThat(c.getObservedGeneration())
                    .isEqualTo(ready.getMetadata().getGeneration()));
    assertThat(database.tableExists("customers")).isTrue();
    assertThat(database.tableExists("orders")).isTrue();

    List<Job> jobs = environment.jobs();
    assertThat(jobs).hasSize(1);
    Job job = jobs.get(0);
    assertThat(job.getMetadata().getName())
        .isEqualTo("shop-" + ready.getStatus().getAppliedDigest().substring(0, 8));
    assertThat(ready.getStatus().getLastJob().getName()).isEqualTo(job.getMetadata().getName());
    assertThat(ready.getStatus().getLastJob().getResult())
        .isEqualTo(io.dbmigrate.api.JobResult.Succeeded);
    assertJobSpec(job, ready);
    assertThat(eventReasons()).contains("MigrationStarted", "MigrationSucceeded");
    assertNoSecretLeaked();
  }

  @Test
  void newMigrationInTheConfigMapRunsASecondJob() {
    createShop(
        Map.of(
            "V1__customers.sql", "CREATE TABLE customers (id bigint PRIMARY KEY);",
            "V2__orders.sql", "CREATE TABLE orders (id bigint PRIMARY KEY);"));
    DatabaseMigration first = environment.awaitPhase("shop", Phase.Ready);
    String firstJob = first.getStatus().getLastJob().getName();

    ConfigMap migrations = client.configMaps().inNamespace(NS).withName("shop-migrations").get();
    migrations.getData().put("V3__invoices.sql", "CREATE TABLE invoices (id bigint PRIMARY KEY);");
    client.resource(migrations).update();

    DatabaseMigration second =
        environment.await(
            "shop",
            "version 3",
            dm ->
                "3".equals(dm.getStatus().getCurrentVersion())
                    && dm.getStatus().getPhase() == Phase.Ready);
    assertThat(second.getStatus().getLastJob().getName())
        .isNotEqualTo(firstJob)
        .startsWith("shop-");
    assertThat(environment.jobs())
        .extracting(j -> j.getMetadata().getName())
        .containsExactlyInAnyOrder(firstJob, second.getStatus().getLastJob().getName());
    assertThat(second.getStatus().getMigrations().getApplied()).isEqualTo(3);
    assertThat(database.tableExists("invoices")).isTrue();
    OperatorEnvironment.assertCondition(second, "Ready", "True", "MigrationsApplied");
    assertThat(OperatorEnvironment.condition(second, "Ready").orElseThrow().getMessage())
        .contains("version 3", "1 applied");
  }

  @Test
  void specChangeIsObservedWithANewGenerationAndRun() {
    createShopInputs(
        Map.of(
            "V1__customers.sql", "CREATE TABLE customers (id bigint PRIMARY KEY);",
            "V2__orders.sql", "CREATE TABLE orders (id bigint PRIMARY KEY);"));
    DatabaseMigration shop = migration("shop", "shop-db", "shop-migrations");
    shop.getSpec().getMigrations().setTarget("1");
    client.resource(shop).create();
    DatabaseMigration atOne = environment.awaitPhase("shop", Phase.Ready);
    assertThat(atOne.getStatus().getCurrentVersion()).isEqualTo("1");
    assertThat(atOne.getStatus().getObservedGeneration()).isEqualTo(1L);

    TestResources.mergePatch(
        client, NS, "shop", "{\"spec\":{\"migrations\":{\"target\":\"latest\"}}}");

    DatabaseMigration latest =
        environment.await(
            "shop",
            "version 2 after the target changed",
            dm ->
                "2".equals(dm.getStatus().getCurrentVersion())
                    && dm.getStatus().getPhase() == Phase.Ready);
    assertThat(latest.getMetadata().getGeneration()).isEqualTo(2L);
    assertThat(latest.getStatus().getObservedGeneration()).isEqualTo(2L);
    assertThat(latest.getStatus().getConditions())
        .allSatisfy(c -> assertThat(c.getObservedGeneration()).isEqualTo(2L));
    assertThat(environment.jobs()).hasSize(2);
  }

  @Test
  void failedMigrationStallsKeepsTheJobAndRollsBack() {
    createShop(
        Map.of(
            "V1__customers.sql", "CREATE TABLE customers (id bigint PRIMARY KEY);",
            "V2__broken.sql",
                "CREATE TABLE half_done (id bigint); INSERT INTO no_such_table VALUES (1);"));

    DatabaseMigration failed = environment.awaitPhase("shop", Phase.Failed);

    OperatorEnvironment.assertCondition(failed, "Ready", "False", "MigrationFailed");
    OperatorEnvironment.assertCondition(failed, "Stalled", "True", "MigrationFailed");
    OperatorEnvironment.assertCondition(failed, "Reconciling", "False", "MigrationFailed");
    OperatorEnvironment.assertCondition(failed, "MigrationsApplied", "False", "MigrationFailed");
    String message = OperatorEnvironment.condition(failed, "Ready").orElseThrow().getMessage();
    assertThat(message).contains("V2__broken.sql").contains("no_such_table");
    assertThat(failed.getStatus().getCurrentVersion()).isEqualTo("1");
    assertThat(failed.getStatus().getLastJob().getResult())
        .isEqualTo(io.dbmigrate.api.JobResult.Failed);
    assertThat(database.tableExists("customers")).isTrue();
    assertThat(database.tableExists("half_done")).as("V2 rolled back").isFalse();
    assertThat(eventReasons()).contains("MigrationFailed");
    assertThat(environment.events())
        .filteredOn(e -> "MigrationFailed".equals(e.getReason()))
        .allSatisfy(e -> assertThat(e.getType()).isEqualTo("Warning"));

    // The failed Job is kept, and touching an input that does not change the digest runs nothing.
    Secret secret = client.secrets().inNamespace(NS).withName("shop-db").get();
    secret.getMetadata().getLabels().put("touched", "yes");
    client.resource(secret).update();
    Waits.holdsFor(Duration.ofSeconds(2), () -> assertThat(environment.jobs()).hasSize(1));
    // A failed run exits 1, which the Job's podFailurePolicy turns into a failed Job at once:
    // no retry of a migration that would fail the same way.
    assertThat(kubelet.runs()).hasSize(1);
    assertThat(environment.get("shop").getStatus().getPhase()).isEqualTo(Phase.Failed);

    // Fixing the migration is a new input: a new Job, and the resource becomes Ready.
    ConfigMap migrations = client.configMaps().inNamespace(NS).withName("shop-migrations").get();
    migrations.getData().put("V2__broken.sql", "CREATE TABLE half_done (id bigint);");
    client.resource(migrations).update();
    DatabaseMigration fixed = environment.awaitPhase("shop", Phase.Ready);
    assertThat(fixed.getStatus().getCurrentVersion()).isEqualTo("2");
    assertThat(environment.jobs()).hasSize(2);
    OperatorEnvironment.assertCondition(fixed, "Stalled", "False", "MigrationsApplied");
    assertNoSecretLeaked();
  }

  @Test
  void unreachableDatabaseFailsWithHostAndPortButNoPassword() {
    createSecret(
        "shop-db",
        Map.of("url", "postgresql://app:" + PASSWORD + "@127.0.0.1:1/shop", "password", PASSWORD));
    createMigrations(
        "shop-migrations", Map.of("V1__customers.sql", "CREATE TABLE customers (id bigint);"));
    client.resource(migration("shop", "shop-db", "shop-migrations")).create();

    DatabaseMigration failed = environment.awaitPhase("shop", Phase.Failed);
    OperatorEnvironment.assertCondition(failed, "Stalled", "True", "MigrationFailed");
    assertMessageContains(failed, "cannot reach the database at 127.0.0.1:1/shop as app");
    assertThat(failed.getStatus().getCurrentVersion()).isNull();
    assertNoSecretLeaked();
  }

  @Test
  void deletingAFailedJobRunsTheSameInputAgain() {
    createShop(Map.of("V1__seed.sql", "INSERT INTO settings VALUES ('currency', 'EUR');"));
    DatabaseMigration failed = environment.awaitPhase("shop", Phase.Failed);
    String jobName = failed.getStatus().getLastJob().getName();
    assertMessageContains(failed, "V1__seed.sql", "settings");

    // The cause was outside the inputs (a table another team owns): fix it, delete the Job.
    database.execute("CREATE TABLE settings (key text PRIMARY KEY, value text)");
    client.batch().v1().jobs().inNamespace(NS).withName(jobName).delete();

    DatabaseMigration ready = environment.awaitPhase("shop", Phase.Ready);
    assertThat(ready.getStatus().getLastJob().getName()).isEqualTo(jobName);
    assertThat(ready.getStatus().getCurrentVersion()).isEqualTo("1");
    assertThat(database.column("SELECT value FROM settings")).containsExactly("EUR");
    assertThat(environment.jobs()).hasSize(1);
  }

  @Test
  void missingSecretStallsWithoutAJobUntilItAppears() {
    createMigrations(
        "shop-migrations", Map.of("V1__customers.sql", "CREATE TABLE customers (id bigint);"));
    client.resource(migration("shop", "shop-db", "shop-migrations")).create();

    DatabaseMigration stalled = environment.awaitReason("shop", "SecretNotFound");
    assertThat(stalled.getStatus().getPhase()).isEqualTo(Phase.Failed);
    OperatorEnvironment.assertCondition(stalled, "Stalled", "True", "SecretNotFound");
    assertThat(OperatorEnvironment.condition(stalled, "Ready").orElseThrow().getMessage())
        .isEqualTo("Secret shop-db (spec.database.urlFrom) not found in namespace shop");
    assertThat(environment.jobs()).isEmpty();
    assertThat(environment.events())
        .filteredOn(e -> "SecretNotFound".equals(e.getReason()))
        .hasSize(1)
        .allSatisfy(e -> assertThat(e.getType()).isEqualTo("Warning"));

    createShopSecret();
    DatabaseMigration ready = environment.awaitPhase("shop", Phase.Ready);
    OperatorEnvironment.assertCondition(ready, "Stalled", "False", "MigrationsApplied");
    assertThat(environment.jobs()).hasSize(1);
  }

  @Test
  void everyInvalidInputGetsAReasonAndNoJob() {
    createSecret("db", Map.of("url", database.jdbcUrl(), "password", PASSWORD));
    createSecret("bad-url", Map.of("url", "sqlserver://someone:" + PASSWORD + "@db:1433/shop"));
    createMigrations("good", Map.of("V1__a.sql", "SELECT 1;"));
    createMigrations("empty", Map.of("README.md", "nothing here"));
    createMigrations("misnamed", Map.of("init.sql", "SELECT 1;"));
    createMigrations("dup-a", Map.of("V1__a.sql", "SELECT 1;"));
    createMigrations("dup-b", Map.of("V1__b.sql", "SELECT 2;"));

    client.resource(migration("no-configmap", "db", "absent")).create();
    client.resource(migration("no-files", "db", "empty")).create();
    client.resource(migration("misnamed", "db", "misnamed")).create();
    client.resource(migration("duplicate", "db", "dup-a", "dup-b")).create();
    client.resource(migration("bad-url", "bad-url", "good")).create();
    DatabaseMigration missingKey = migration("missing-key", "db", "good");
    missingKey.getSpec().getDatabase().setUsernameFrom(new SecretValueSource("db", "username"));
    client.resource(missingKey).create();
    DatabaseMigration badTarget = migration("bad-target", "db", "good");
    badTarget.getSpec().getMigrations().setTarget("newest");
    client.resource(badTarget).create();
    // The mock server does not apply the CRD's pattern, and a real one checks no range.
    createWithHealth("huge-timeout", new HealthSpec(null, "99999999999999999999h", null));
    createWithHealth("negative-interval", new HealthSpec("PT-5S", null, null));
    createWithHealth("zero-report", new HealthSpec(null, null, "0s"));

    assertThat(environment.awaitReason("no-configmap", "ConfigMapNotFound"))
        .satisfies(
            dm ->
                assertMessage(
                    dm,
                    "ConfigMap absent (spec.migrations.configMaps[0]) not found in namespace shop"));
    assertThat(environment.awaitReason("no-files", "NoMigrations"))
        .satisfies(
            dm ->
                assertMessage(
                    dm,
                    "ConfigMap empty (spec.migrations.configMaps[0]) has no migration files: expected keys like V1__init.sql or R__views.sql"));
    assertThat(environment.awaitReason("misnamed", "InvalidMigrationName"))
        .satisfies(dm -> assertMessageContains(dm, "init.sql", "V<version>__<description>.sql"));
    assertThat(environment.awaitReason("duplicate", "DuplicateMigration"))
        .satisfies(dm -> assertMessageContains(dm, "dup-a/V1__a.sql", "dup-b/V1__b.sql"));
    assertThat(environment.awaitReason("bad-url", "InvalidDatabaseUrl"))
        .satisfies(dm -> assertMessageContains(dm, "Secret bad-url key url"));
    assertThat(environment.awaitReason("missing-key", "SecretKeyNotFound"))
        .satisfies(
            dm ->
                assertMessage(
                    dm, "Secret db has no value under key username (spec.database.usernameFrom)"));
    assertThat(environment.awaitReason("bad-target", "InvalidSpec"))
        .satisfies(dm -> assertMessageContains(dm, "spec.migrations.target", "newest"));
    assertThat(environment.awaitReason("huge-timeout", "InvalidSpec"))
        .satisfies(
            dm ->
                assertMessageContains(
                    dm,
                    "spec.health.timeout: '99999999999999999999h' is too long: use 250ms to 1h",
                    "PT5S"));
    assertThat(environment.awaitReason("negative-interval", "InvalidSpec"))
        .satisfies(
            dm ->
                assertMessageContains(
                    dm, "spec.health.interval: 'PT-5S' is negative: use 1s to 24h"));
    assertThat(environment.awaitReason("zero-report", "InvalidSpec"))
        .satisfies(
            dm ->
                assertMessageContains(
                    dm, "spec.health.reportInterval: '0s' is too short: use 1s to 24h"));

    assertThat(environment.jobs()).isEmpty();
    for (String name :
        List.of(
            "no-configmap",
            "no-files",
            "misnamed",
            "duplicate",
            "bad-url",
            "missing-key",
            "bad-target",
            "huge-timeout",
            "negative-interval",
            "zero-report")) {
      DatabaseMigration dm = environment.get(name);
      OperatorEnvironment.assertCondition(
          dm,
          "Stalled",
          "True",
          OperatorEnvironment.condition(dm, "Ready").orElseThrow().getReason());
      assertThat(environment.events(name))
          .as("Warning event for " + name)
          .anySatisfy(e -> assertThat(e.getType()).isEqualTo("Warning"));
    }
    // Refused by validation in the first reconcile, not by an exception JOSDK retries.
    assertThat(logs.text()).doesNotContain("Exception");
    assertNoSecretLeaked();
  }

  @Test
  void operatorRestartedWhileAJobRunsDoesNotRunItTwice() {
    createShopInputs(Map.of("V1__customers.sql", "CREATE TABLE customers (id bigint);"));
    kubelet.hold();
    client.resource(migration("shop", "shop-db", "shop-migrations")).create();
    DatabaseMigration migrating = environment.awaitPhase("shop", Phase.Migrating);
    OperatorEnvironment.assertCondition(migrating, "Reconciling", "True", "Migrating");
    OperatorEnvironment.assertCondition(migrating, "Ready", "False", "Migrating");
    assertThat(environment.jobs()).hasSize(1);

    environment.restartOperator();
    Waits.holdsFor(Duration.ofSeconds(2), () -> assertThat(environment.jobs()).hasSize(1));

    kubelet.release();
    DatabaseMigration ready = environment.awaitPhase("shop", Phase.Ready);
    assertThat(ready.getStatus().getCurrentVersion()).isEqualTo("1");
    assertThat(environment.jobs()).hasSize(1);
    assertThat(kubelet.runs()).hasSize(1);
  }

  @Test
  void aNewInputWaitsForTheRunningJob() {
    createShopInputs(Map.of("V1__customers.sql", "CREATE TABLE customers (id bigint);"));
    kubelet.hold();
    client.resource(migration("shop", "shop-db", "shop-migrations")).create();
    environment.awaitPhase("shop", Phase.Migrating);

    ConfigMap migrations = client.configMaps().inNamespace(NS).withName("shop-migrations").get();
    migrations.getData().put("V2__orders.sql", "CREATE TABLE orders (id bigint);");
    client.resource(migrations).update();
    Waits.holdsFor(
        Duration.ofSeconds(2),
        () -> assertThat(environment.jobs()).as("no second Job while the first runs").hasSize(1));

    kubelet.release();
    DatabaseMigration ready =
        environment.await(
            "shop",
            "version 2 after the first Job ended",
            dm ->
                dm.getStatus().getPhase() == Phase.Ready
                    && "2".equals(dm.getStatus().getCurrentVersion()));
    assertThat(environment.jobs()).hasSize(2);
    assertThat(kubelet.runs())
        .extracting(KubeletFixture.ContainerRun::exitCode)
        .containsExactly(0, 0);
    assertThat(ready.getStatus().getMigrations().getApplied()).isEqualTo(2);
  }

  @Test
  void finishedJobsBeyondTheHistoryLimitAreDeleted() {
    createShopInputs(Map.of("V1__t1.sql", "CREATE TABLE t1 (id bigint);"));
    DatabaseMigration shop = migration("shop", "shop-db", "shop-migrations");
    shop.getSpec().setJob(new io.dbmigrate.api.JobSpec());
    shop.getSpec().getJob().setHistoryLimit(2);
    client.resource(shop).create();
    environment.awaitReadyAt("shop", "1");
    for (int version = 2; version <= 4; version++) {
      ConfigMap migrations = client.configMaps().inNamespace(NS).withName("shop-migrations").get();
      migrations
          .getData()
          .put(
              "V" + version + "__t" + version + ".sql",
              "CREATE TABLE t" + version + " (id bigint);");
      client.resource(migrations).update();
      environment.awaitReadyAt("shop", String.valueOf(version));
    }

    String lastJob = environment.get("shop").getStatus().getLastJob().getName();
    List<String> kept =
        Waits.await("two Jobs kept")
            .until(
                () -> environment.jobs().stream().map(j -> j.getMetadata().getName()).toList(),
                names -> names.size() == 2);
    assertThat(kept).contains(lastJob);
    assertThat(kubelet.runs()).hasSize(4);
    assertThat(client.pods().inNamespace(NS).list().getItems())
        .as("deleted Jobs take their pods")
        .hasSize(2);
  }

  @Test
  void resourceAtRestIsNotWrittenAgain() {
    createShop(Map.of("V1__customers.sql", "CREATE TABLE customers (id bigint);"));
    // At rest means the health, too, has caught up with the finished run.
    String version =
        environment
            .await(
                "shop",
                "shop ready and healthy",
                dm ->
                    dm.getStatus().getPhase() == Phase.Ready
                        && dm.getStatus().getHealth() != null
                        && "healthy".equals(dm.getStatus().getHealth().getStatus()))
            .getMetadata()
            .getResourceVersion();

    // Events that trigger reconciles without changing anything: the status must not be written.
    for (int i = 0; i < 3; i++) {
      Secret secret = client.secrets().inNamespace(NS).withName("shop-db").get();
      secret.getMetadata().getLabels().put("touched", String.valueOf(i));
      client.resource(secret).update();
    }
    Waits.holdsFor(
        Duration.ofSeconds(2),
        () ->
            assertThat(environment.get("shop").getMetadata().getResourceVersion())
                .isEqualTo(version));
  }

  // --- helpers

  private void assertJobSpec(Job job, DatabaseMigration owner) {
    assertThat(job.getMetadata().getLabels()).containsEntry("dbmigrate.io/migration", "shop");
    assertThat(job.getMetadata().getOwnerReferences())
        .singleElement()
        .satisfies(
            ref -> {
              assertThat(ref.getKind()).isEqualTo("DatabaseMigration");
              assertThat(ref.getUid()).isEqualTo(owner.getMetadata().getUid());
              assertThat(ref.getController()).isTrue();
            });
    assertThat(job.getSpec().getBackoffLimit()).isEqualTo(1);
    assertThat(job.getSpec().getActiveDeadlineSeconds()).isEqualTo(600L);
    assertThat(job.getSpec().getPodFailurePolicy().getRules())
        .singleElement()
        .satisfies(
            rule -> {
              assertThat(rule.getAction()).isEqualTo("FailJob");
              assertThat(rule.getOnExitCodes().getContainerName()).isEqualTo("migrate");
              assertThat(rule.getOnExitCodes().getValues()).containsExactly(1, 2);
            });
    PodSpec pod = job.getSpec().getTemplate().getSpec();
    assertThat(pod.getRestartPolicy()).isEqualTo("Never");
    assertThat(pod.getAutomountServiceAccountToken()).isFalse();
    assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
    assertThat(pod.getSecurityContext().getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
    Container container = pod.getContainers().get(0);
    assertThat(container.getImage()).isEqualTo("dbmigrate-operator:test");
    assertThat(container.getArgs())
        .containsExactly(
            "migrate",
            "--migrations",
            "/migrations/0-shop-migrations",
            "--target",
            "latest",
            "--environment",
            "production",
            "--lock-timeout",
            "10s",
            "--lock-retries",
            "3",
            "--statement-timeout",
            "0s",
            "--application-name",
            JobNames.session(NS, job.getMetadata().getName()));
    assertThat(container.getSecurityContext().getAllowPrivilegeEscalation()).isFalse();
    assertThat(container.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
    assertThat(container.getSecurityContext().getCapabilities().getDrop()).containsExactly("ALL");
    assertThat(container.getEnv())
        .filteredOn(e -> e.getName().startsWith("DBMIGRATE_"))
        .allSatisfy(
            e -> {
              assertThat(e.getValue()).isNull();
              assertThat(e.getValueFrom().getSecretKeyRef().getName()).isEqualTo("shop-db");
            });
    assertThat(container.getEnv())
        .extracting(e -> e.getName())
        .contains("DBMIGRATE_URL", "DBMIGRATE_USERNAME", "DBMIGRATE_PASSWORD");
    assertThat(container.getVolumeMounts())
        .filteredOn(m -> m.getMountPath().startsWith("/migrations"))
        .singleElement()
        .satisfies(m -> assertThat(m.getReadOnly()).isTrue());
    assertThat(pod.getVolumes())
        .anySatisfy(v -> assertThat(v.getConfigMap().getName()).isEqualTo("shop-migrations"));
  }

  /** The password must appear in no object but its Secret, in no log line and no runner output. */
  private void assertNoSecretLeaked() {
    String encoded = Base64.getEncoder().encodeToString(PASSWORD.getBytes(StandardCharsets.UTF_8));
    StringBuilder everything = new StringBuilder();
    var serialization = client.getKubernetesSerialization();
    client
        .resources(DatabaseMigration.class)
        .inAnyNamespace()
        .list()
        .getItems()
        .forEach(o -> everything.append(serialization.asJson(o)));
    client
        .batch()
        .v1()
        .jobs()
        .inAnyNamespace()
        .list()
        .getItems()
        .forEach(o -> everything.append(serialization.asJson(o)));
    client
        .pods()
        .inAnyNamespace()
        .list()
        .getItems()
        .forEach(o -> everything.append(serialization.asJson(o)));
    client
        .v1()
        .events()
        .inAnyNamespace()
        .list()
        .getItems()
        .forEach(o -> everything.append(serialization.asJson(o)));
    client
        .configMaps()
        .inAnyNamespace()
        .list()
        .getItems()
        .forEach(o -> everything.append(serialization.asJson(o)));
    kubelet.runs().forEach(run -> everything.append(run.output()).append(run.terminationMessage()));
    everything.append(logs.text());
    assertThat(everything.toString()).doesNotContain(PASSWORD).doesNotContain(encoded);
    assertThat(logs.text()).as("logs were captured").contains("shop/");
  }

  /** The usual inputs: the shop-db Secret, the shop-migrations ConfigMap, and the resource. */
  private void createShop(Map<String, String> migrations) {
    createShopInputs(migrations);
    client.resource(migration("shop", "shop-db", "shop-migrations")).create();
  }

  private void createShopInputs(Map<String, String> migrations) {
    createShopSecret();
    createMigrations("shop-migrations", migrations);
  }

  private void createShopSecret() {
    createSecret(
        "shop-db",
        Map.of("url", database.jdbcUrl(), "username", database.username(), "password", PASSWORD));
  }

  private void createSecret(String name, Map<String, String> values) {
    client.resource(TestResources.secret(NS, name, values)).create();
  }

  private void createWithHealth(String name, HealthSpec health) {
    DatabaseMigration dm = migration(name, "db", "good");
    dm.getSpec().setHealth(health);
    client.resource(dm).create();
  }

  private void createMigrations(String name, Map<String, String> files) {
    client.resource(TestResources.migrations(NS, name, files)).create();
  }

  /** The resource, with the password from the Secret too unless the Secret is the bad-url one. */
  private static DatabaseMigration migration(String name, String secret, String... configMaps) {
    DatabaseMigration dm = TestResources.migration(NS, name, secret, configMaps);
    if (!secret.equals("bad-url")) {
      dm.getSpec().getDatabase().setPasswordFrom(new SecretValueSource(secret, "password"));
    }
    return dm;
  }

  private List<String> eventReasons() {
    return environment.events().stream().map(Event::getReason).toList();
  }

  private static void assertMessage(DatabaseMigration dm, String message) {
    assertThat(OperatorEnvironment.readyMessage(dm)).isEqualTo(message);
  }

  private static void assertMessageContains(DatabaseMigration dm, String... parts) {
    assertThat(OperatorEnvironment.readyMessage(dm)).contains(parts);
  }
}
