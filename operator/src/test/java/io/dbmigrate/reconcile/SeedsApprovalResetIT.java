package io.dbmigrate.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import io.dbmigrate.api.ApprovalSpec;
import io.dbmigrate.api.BackupSpec;
import io.dbmigrate.api.DatabaseMigration;
import io.dbmigrate.api.Phase;
import io.dbmigrate.api.SeedSpec;
import io.dbmigrate.testing.OperatorEnvironment;
import io.dbmigrate.testing.PostgresDatabase;
import io.dbmigrate.testing.TestResources;
import io.dbmigrate.testing.Waits;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Seeds, approval, backup and reset through the real operator, the kubelet fixture and PostgreSQL.
 */
class SeedsApprovalResetIT {
  private static final String NS = "shop";
  private static final Map<String, String> MIGRATIONS =
      Map.of(
          "V1__currencies.sql",
              "CREATE TABLE currencies (code text PRIMARY KEY, name text NOT NULL);",
          "V2__users.sql", "CREATE TABLE users (email text PRIMARY KEY, name text NOT NULL);");

  @RegisterExtension final OperatorEnvironment environment = new OperatorEnvironment();
  private KubernetesClient client;
  private PostgresDatabase database;

  @BeforeEach
  void start() {
    client = environment.client();
    database = environment.database();
    client
        .resource(TestResources.secret(NS, "shop-db", Map.of("url", database.jdbcUrl())))
        .create();
    client.resource(TestResources.migrations(NS, "shop-migrations", MIGRATIONS)).create();
    client
        .resource(
            TestResources.migrations(
                NS,
                "reference",
                Map.of(
                    "01-currencies.sql",
                    "INSERT INTO currencies VALUES ('EUR', 'Euro') ON CONFLICT (code) DO UPDATE SET name = EXCLUDED.name;")))
        .create();
    client
        .resource(
            TestResources.migrations(
                NS,
                "demo",
                Map.of(
                    "01-users.sql",
                    "INSERT INTO users VALUES ('demo@example.com', 'Demo') ON CONFLICT (email) DO NOTHING;")))
        .create();
  }

  @Test
  void seedsRunAfterTheMigrationsInTheirEnvironmentsOnly() {
    create("production", dm -> {});

    DatabaseMigration ready = environment.awaitPhase("shop", Phase.Ready);
    assertThat(ready.getStatus().getSeeds())
        .extracting(s -> s.getName() + ":" + s.getStatus() + ":" + s.getFiles())
        .containsExactly(
            "reference:Applied:1", "demo:Skipped:0"); // a skipped seed is not even read
    OperatorEnvironment.assertCondition(ready, "SeedsApplied", "True");
    assertThat(database.column("SELECT code FROM currencies")).containsExactly("EUR");
    assertThat(database.column("SELECT email FROM users"))
        .as("demo data only in development")
        .isEmpty();
    Job job =
        client
            .batch()
            .v1()
            .jobs()
            .inNamespace(NS)
            .withName(ready.getStatus().getLastJob().getName())
            .get();
    assertThat(job.getSpec().getTemplate().getSpec().getContainers().get(0).getArgs())
        .containsSequence("--environment", "production")
        .containsSequence("--seed", "reference=/seeds/0-reference")
        .containsSequence("--seed", "demo=/seeds/1-demo@development");
  }

  @Test
  void demoSeedRunsInDevelopment() {
    create("development", dm -> {});
    DatabaseMigration ready = environment.awaitPhase("shop", Phase.Ready);
    assertThat(ready.getStatus().getSeeds())
        .extracting(s -> s.getName() + ":" + s.getStatus())
        .containsExactly("reference:Applied", "demo:Applied");
    assertThat(database.column("SELECT email FROM users")).containsExactly("demo@example.com");
  }

  @Test
  void failingSeedKeepsTheMigrationsAndSaysHowToFixIt() {
    client
        .resource(
            TestResources.migrations(
                NS,
                "broken-seed",
                Map.of(
                    "01-twice.sql",
                    "INSERT INTO currencies VALUES ('USD', 'Dollar'); INSERT INTO currencies VALUES ('USD', 'Dollar');")))
        .create();
    create(
        "production",
        dm -> dm.getSpec().setSeeds(List.of(new SeedSpec("broken", "broken-seed", null))));

    DatabaseMigration failed = environment.awaitPhase("shop", Phase.Failed);
    OperatorEnvironment.assertCondition(failed, "MigrationsApplied", "True");
    OperatorEnvironment.assertCondition(failed, "SeedsApplied", "False");
    OperatorEnvironment.assertCondition(failed, "Ready", "False");
    OperatorEnvironment.assertCondition(failed, "Stalled", "True");
    String message = OperatorEnvironment.readyMessage(failed);
    assertThat(message).contains("broken", "01-twice.sql", "ON CONFLICT");
    assertThat(failed.getStatus().getCurrentVersion()).isEqualTo("2");
    assertThat(database.column("SELECT code FROM currencies"))
        .as("the seed file rolled back")
        .isEmpty();
    assertThat(failed.getStatus().getSeeds())
        .extracting(s -> s.getName() + ":" + s.getStatus())
        .containsExactly("broken:Failed");
  }

  @Test
  void approvalShowsThePlanAndAppliesOnlyTheApprovedDigest() {
    create(
        "production",
        dm -> {
          ApprovalSpec approval = new ApprovalSpec();
          approval.setRequired(true);
          dm.getSpec().setApproval(approval);
        });

    DatabaseMigration awaiting = environment.awaitPhase("shop", Phase.AwaitingApproval);
    String digest = awaiting.getStatus().getPlan().getDigest();
    assertThat(digest).hasSize(64);
    assertThat(awaiting.getStatus().getPlan().getMigrations())
        .hasSize(2)
        .anySatisfy(m -> assertThat(m).contains("V1__currencies.sql"));
    assertThat(awaiting.getStatus().getPlan().getSeeds())
        .anySatisfy(s -> assertThat(s).startsWith("reference"));
    OperatorEnvironment.assertCondition(awaiting, "Ready", "False");
    OperatorEnvironment.assertCondition(awaiting, "Reconciling", "False");
    assertThat(OperatorEnvironment.readyMessage(awaiting))
        .contains("kubectl annotate dbm/shop -n shop dbmigrate.io/approved-digest=" + digest);
    assertThat(environment.jobs())
        .extracting(j -> j.getMetadata().getName())
        .containsExactly("shop-plan-" + digest.substring(0, 8));
    assertThat(database.tableExists("currencies")).as("the plan changes nothing").isFalse();
    assertThat(database.tableExists("flyway_schema_history")).isFalse();

    annotate("dbmigrate.io/approved-digest", "0".repeat(64));
    Waits.await("an ApprovalStale warning")
        .until(
            environment::events,
            events -> events.stream().anyMatch(e -> "ApprovalStale".equals(e.getReason())));
    DatabaseMigration stillWaiting = environment.get("shop");
    assertThat(stillWaiting.getStatus().getPhase()).isEqualTo(Phase.AwaitingApproval);
    assertThat(OperatorEnvironment.readyMessage(stillWaiting))
        .contains("is for another plan, so nothing was applied");
    assertThat(database.tableExists("currencies")).isFalse();

    annotate("dbmigrate.io/approved-digest", digest);
    DatabaseMigration ready = environment.awaitPhase("shop", Phase.Ready);
    assertThat(ready.getStatus().getAppliedDigest()).isEqualTo(digest);
    assertThat(database.column("SELECT code FROM currencies")).containsExactly("EUR");
  }

  @Test
  void backupIsTakenOnTheClaimBeforeAChange() throws IOException {
    client.resource(TestResources.claim(NS, "shop-backups")).create();
    create(
        "production",
        dm -> {
          BackupSpec backup = new BackupSpec();
          backup.setEnabled(true);
          backup.setVolumeClaimName("shop-backups");
          dm.getSpec().setBackup(backup);
        });

    DatabaseMigration ready = environment.awaitPhase("shop", Phase.Ready);
    assertThat(ready.getStatus().getLastBackup()).isNotNull();
    String file = ready.getStatus().getLastBackup().getFile();
    // In a cluster the path is /backups/…; the kubelet fixture mounts the claim from a directory.
    assertThat(file).endsWith(".sql");
    Path onClaim =
        environment.kubelet().claimDirectory("shop-backups").resolve(Path.of(file).getFileName());
    assertThat(onClaim).exists();
    assertThat(Files.size(onClaim)).isEqualTo(ready.getStatus().getLastBackup().getSizeBytes());
  }

  @Test
  void missingBackupClaimIsAnInvalidInput() {
    create(
        "production",
        dm -> {
          BackupSpec backup = new BackupSpec();
          backup.setEnabled(true);
          backup.setVolumeClaimName("nowhere");
          dm.getSpec().setBackup(backup);
        });
    DatabaseMigration stalled = environment.awaitReason("shop", "PersistentVolumeClaimNotFound");
    assertThat(OperatorEnvironment.readyMessage(stalled))
        .isEqualTo(
            "PersistentVolumeClaim nowhere (spec.backup.volumeClaimName) not found in namespace shop");
    assertThat(environment.jobs()).isEmpty();
  }

  @Test
  void resetIsRefusedOutsideDevelopmentAndLeavesTheDataAlone() {
    create("production", dm -> dm.getSpec().setAllowReset(true));
    environment.awaitPhase("shop", Phase.Ready);
    database.execute("INSERT INTO users VALUES ('real@example.com', 'Real customer')");

    annotate("dbmigrate.io/reset-requested", "try-1");
    DatabaseMigration refused =
        environment.await(
            "shop",
            "refused",
            dm ->
                dm.getStatus().getReset() != null
                    && io.dbmigrate.api.ResetResult.Refused
                        == dm.getStatus().getReset().getResult());
    assertThat(refused.getStatus().getReset().getMessage())
        .contains("only runs with environment development");
    OperatorEnvironment.assertCondition(refused, "Reset", "False");
    assertThat(environment.events())
        .anySatisfy(
            e -> {
              assertThat(e.getReason()).isEqualTo("ResetRefused");
              assertThat(e.getType()).isEqualTo("Warning");
            });
    assertThat(database.column("SELECT email FROM users")).containsExactly("real@example.com");
    assertThat(environment.jobs()).hasSize(1);
  }

  @Test
  void resetInDevelopmentCleansMigratesAndSeedsOncePerToken() {
    create("development", dm -> dm.getSpec().setAllowReset(true));
    environment.awaitPhase("shop", Phase.Ready);
    database.execute("INSERT INTO users VALUES ('scratch@example.com', 'Left over')");

    annotate("dbmigrate.io/reset-requested", "2026-11-25T10:00");
    DatabaseMigration reset =
        environment.await(
            "shop",
            "reset done",
            dm ->
                dm.getStatus().getReset() != null
                    && io.dbmigrate.api.ResetResult.Succeeded
                        == dm.getStatus().getReset().getResult()
                    && dm.getStatus().getPhase() == Phase.Ready);
    OperatorEnvironment.assertCondition(reset, "Reset", "True");
    assertThat(database.column("SELECT email FROM users"))
        .as("cleaned, then seeded")
        .containsExactly("demo@example.com");
    assertThat(database.column("SELECT code FROM currencies")).containsExactly("EUR");
    long jobsAfterReset = environment.jobs().size();

    // The same token again does nothing; a label edit causes a reconcile that must not reset.
    TestResources.mergePatch(
        client, NS, "shop", "{\"metadata\":{\"labels\":{\"touched\":\"yes\"}}}");
    database.execute("INSERT INTO users VALUES ('kept@example.com', 'Kept')");
    Waits.holdsFor(
        Duration.ofSeconds(2), () -> assertThat(environment.jobs()).hasSize((int) jobsAfterReset));
    assertThat(database.column("SELECT email FROM users")).contains("kept@example.com");
  }

  @Test
  void resetWithoutAllowResetIsRefused() {
    create("development", dm -> {});
    environment.awaitPhase("shop", Phase.Ready);
    annotate("dbmigrate.io/reset-requested", "please");
    DatabaseMigration refused =
        environment.await(
            "shop",
            "refused",
            dm ->
                dm.getStatus().getReset() != null
                    && io.dbmigrate.api.ResetResult.Refused
                        == dm.getStatus().getReset().getResult());
    assertThat(refused.getStatus().getReset().getMessage()).contains("spec.allowReset is not true");
  }

  // --- helpers

  private void create(String environmentName, Consumer<DatabaseMigration> customize) {
    DatabaseMigration shop = TestResources.migration(NS, "shop", "shop-db", "shop-migrations");
    shop.getSpec().setEnvironment(environmentName);
    shop.getSpec()
        .setSeeds(
            List.of(
                new SeedSpec("reference", "reference", null),
                new SeedSpec("demo", "demo", List.of("development"))));
    customize.accept(shop);
    client.resource(shop).create();
  }

  /** {@code kubectl annotate dbm/shop KEY=VALUE --overwrite}. */
  private void annotate(String key, String value) {
    TestResources.mergePatch(
        client, NS, "shop", "{\"metadata\":{\"annotations\":{\"" + key + "\":\"" + value + "\"}}}");
  }
}
