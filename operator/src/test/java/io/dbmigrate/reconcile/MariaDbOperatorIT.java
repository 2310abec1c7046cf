package io.dbmigrate.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import io.dbmigrate.api.BackupSpec;
import io.dbmigrate.api.CurrentMigration;
import io.dbmigrate.api.DatabaseMigration;
import io.dbmigrate.api.Phase;
import io.dbmigrate.api.ResetResult;
import io.dbmigrate.api.SeedSpec;
import io.dbmigrate.testing.MariaDbDatabase;
import io.dbmigrate.testing.OperatorEnvironment;
import io.dbmigrate.testing.TestResources;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A MariaDB-backed resource through the operator, the kubelet fixture and a real MariaDB. */
class MariaDbOperatorIT {
  private static final String NS = "shop";

  @RegisterExtension final OperatorEnvironment environment = new OperatorEnvironment();
  @RegisterExtension final MariaDbDatabase mariadb = new MariaDbDatabase();

  private void shop(Map<String, String> files) {
    shop(files, dm -> {});
  }

  private void shop(Map<String, String> files, Consumer<DatabaseMigration> adjust) {
    KubernetesClient client = environment.client();
    client
        .resource(TestResources.secret(NS, "shop-db", Map.of("url", mariadb.mariadbUrl())))
        .create();
    client.resource(TestResources.migrations(NS, "shop-migrations", files)).create();
    DatabaseMigration shop = TestResources.migration(NS, "shop", "shop-db", "shop-migrations");
    adjust.accept(shop);
    client.resource(shop).create();
  }

  @Test
  void aResetRequestOnADevelopmentResourceStartsAfreshAndSeedsAgain() {
    environment
        .client()
        .resource(
            TestResources.migrations(
                NS,
                "demo",
                Map.of("01-users.sql", "INSERT IGNORE INTO users VALUES ('demo@example.com');")))
        .create();
    shop(
        Map.of("V1__users.sql", "CREATE TABLE users (email varchar(100) PRIMARY KEY);"),
        dm -> {
          dm.getSpec().setEnvironment("development");
          dm.getSpec().setAllowReset(true);
          dm.getSpec().setSeeds(List.of(new SeedSpec("demo", "demo", null)));
        });
    environment.awaitReadyAt("shop", "1");
    mariadb.execute("INSERT INTO users VALUES ('scratch@example.com')");
    mariadb.execute("CREATE TABLE scratch (id int)");

    TestResources.mergePatch(
        environment.client(),
        NS,
        "shop",
        "{\"metadata\":{\"annotations\":{\"dbmigrate.io/reset-requested\":\"now\"}}}");
    DatabaseMigration reset =
        environment.await(
            "shop",
            "reset done",
            dm ->
                dm.getStatus().getReset() != null
                    && ResetResult.Succeeded == dm.getStatus().getReset().getResult()
                    && dm.getStatus().getPhase() == Phase.Ready);

    OperatorEnvironment.assertCondition(reset, "Reset", "True");
    assertThat(mariadb.tableExists("scratch")).isFalse();
    assertThat(mariadb.column("SELECT email FROM users"))
        .as("cleaned, then seeded")
        .containsExactly("demo@example.com");
  }

  @Test
  void theJobDumpsTheDatabaseOntoTheBackupClaimBeforeAChange() throws IOException {
    environment.client().resource(TestResources.claim(NS, "shop-backups")).create();

    shop(
        Map.of("V1__customers.sql", "CREATE TABLE customers (id bigint PRIMARY KEY);"),
        dm -> {
          BackupSpec backup = new BackupSpec();
          backup.setEnabled(true);
          backup.setVolumeClaimName("shop-backups");
          dm.getSpec().setBackup(backup);
        });

    DatabaseMigration ready = environment.awaitReadyAt("shop", "1");
    assertThat(ready.getStatus().getLastBackup()).isNotNull();
    String file = ready.getStatus().getLastBackup().getFile();
    // In a cluster the path is /backups/…; the kubelet fixture mounts the claim from a directory.
    assertThat(Path.of(file).getFileName().toString())
        .startsWith(mariadb.name() + "-")
        .endsWith(".sql");
    Path onClaim =
        environment.kubelet().claimDirectory("shop-backups").resolve(Path.of(file).getFileName());
    assertThat(Files.size(onClaim)).isEqualTo(ready.getStatus().getLastBackup().getSizeBytes());
    assertThat(Files.readString(onClaim))
        .contains("MariaDB dump")
        .contains("Database: " + mariadb.name())
        .as("taken before the migration")
        .doesNotContain("CREATE TABLE `customers`");
  }

  @Test
  void migratesAMariaDbDatabaseAndReportsItsHealth() {
    shop(
        Map.of(
            "V1__customers.sql", "CREATE TABLE customers (id bigint PRIMARY KEY, email text);",
            "V2__orders.sql", "CREATE TABLE orders (id bigint PRIMARY KEY, customer_id bigint);",
            "R__totals.sql", "CREATE OR REPLACE VIEW totals AS SELECT count(*) AS n FROM orders;"));

    environment.awaitReadyAt("shop", "2");
    assertThat(mariadb.tableExists("orders")).isTrue();
    assertThat(mariadb.column("SELECT script FROM flyway_schema_history ORDER BY installed_rank"))
        .containsExactly("V1__customers.sql", "V2__orders.sql", "R__totals.sql");
    DatabaseMigration healthy =
        environment.await(
            "shop",
            "healthy with its migrations in place",
            dm ->
                dm.getStatus().getHealth() != null
                    && "healthy".equals(dm.getStatus().getHealth().getStatus())
                    && dm.getStatus().getHealth().getChecks().getMigrations() != null);
    assertThat(healthy.getStatus().getHealth().getChecks().getMigrations().getApplied())
        .isEqualTo(3);
    assertThat(environment.jobs()).hasSize(1);
  }

  /** As {@link LockWaitIT} on PostgreSQL: the status names the waiting migration and the holder. */
  @Test
  void theStatusNamesTheWaitingMigrationAndTheSessionLikelyHoldingItsLock() throws Exception {
    KubernetesClient client = environment.client();
    String orders = "CREATE TABLE orders (id int PRIMARY KEY);";
    // Long enough for the wait to be watched; the test lets go well before.
    shop(
        Map.of("V1__orders.sql", orders),
        shop -> shop.getSpec().getMigrations().setLockTimeout("5m"));
    environment.awaitReadyAt("shop", "1");

    try (Connection app = mariadb.connect();
        Statement statement = app.createStatement()) {
      int blocker;
      try (ResultSet id = statement.executeQuery("SELECT CONNECTION_ID()")) {
        id.next();
        blocker = id.getInt(1);
      }
      app.setAutoCommit(false);
      statement.execute("SELECT count(*) FROM orders");

      client
          .resource(
              TestResources.migrations(
                  NS,
                  "shop-migrations",
                  Map.of(
                      "V1__orders.sql",
                      orders,
                      "V2__note.sql",
                      "ALTER TABLE orders ADD COLUMN note text;")))
          .update();
      DatabaseMigration waiting =
          environment.await(
              "shop",
              "the blocking session named in the status",
              dm ->
                  dm.getStatus() != null
                      && dm.getStatus().getMigrations() != null
                      && dm.getStatus().getMigrations().getCurrent() != null
                      && Integer.valueOf(blocker)
                          .equals(dm.getStatus().getMigrations().getCurrent().getBlockingPid()));

      CurrentMigration current = waiting.getStatus().getMigrations().getCurrent();
      assertThat(current.getScript()).isEqualTo("V2__note.sql");
      assertThat(current.getWaitingSince()).isNotNull();
      assertThat(current.getWaitingFor())
          .startsWith(
              "a metadata lock on table orders probably held by the oldest open transaction,"
                  + " connection "
                  + blocker
                  + " (user root, host 127.0.0.1:")
          .contains("idle in transaction for ");
      assertThat(OperatorEnvironment.condition(waiting, "Ready").orElseThrow().getReason())
          .isEqualTo("WaitingForLock");
      assertThat(OperatorEnvironment.readyMessage(waiting))
          .startsWith("Job " + waiting.getStatus().getLastJob().getName() + ": V2__note.sql")
          .contains(" for a metadata lock on table orders");
      Event event = environment.awaitEvent("shop", "MigrationWaitingForLock");
      assertThat(event.getType()).isEqualTo("Warning");
      assertThat(event.getMessage()).contains("connection " + blocker + " (user root");

      app.commit();
    }
    DatabaseMigration done = environment.awaitReadyAt("shop", "2");
    assertThat(done.getStatus().getMigrations().getCurrent()).isNull();
    assertThat(
            environment.events("shop").stream()
                .filter(event -> "MigrationWaitingForLock".equals(event.getReason()))
                .toList())
        .singleElement()
        .satisfies(event -> assertThat(event.getCount()).isEqualTo(1));
    assertThat(
            mariadb.column(
                "SELECT column_name FROM information_schema.columns WHERE table_schema ="
                    + " DATABASE() AND table_name = 'orders' ORDER BY ordinal_position"))
        .containsExactly("id", "note");
  }

  @Test
  void aFailingMigrationSaysWhatItLeftBehindAndHowToRepair() {
    shop(
        Map.of(
            "V1__customers.sql", "CREATE TABLE customers (id bigint PRIMARY KEY);",
            "V2__broken.sql", "CREATE TABLE a (id int);\nCREATE TABLE b (oops);"));

    DatabaseMigration failed = environment.awaitPhase("shop", Phase.Failed);

    assertThat(OperatorEnvironment.readyMessage(failed))
        .contains("V2__broken.sql")
        .contains("DDL commits implicitly")
        .contains("CREATE TABLE a (id int)")
        .contains("dbmigrate.io/repair-requested");
    assertThat(mariadb.tableExists("a")).as("what V2 left behind").isTrue();
  }
}
