package io.dbmigrate.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import io.dbmigrate.api.CurrentMigration;
import io.dbmigrate.api.DatabaseMigration;
import io.dbmigrate.testing.OperatorEnvironment;
import io.dbmigrate.testing.TestResources;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A migration waits for a lock an application session holds: the operator names the migration, the
 * table and the session in the status and in an Event while it waits, and the run goes on once the
 * session lets go.
 */
class LockWaitIT {
  private static final String NS = "shop";

  @RegisterExtension final OperatorEnvironment environment = new OperatorEnvironment();

  @Test
  void theStatusNamesTheWaitingMigrationAndTheSessionHoldingItsLock() throws Exception {
    KubernetesClient client = environment.client();
    // Waits for the lock without giving up, so that the wait can be watched.
    environment.createShop(
        Map.of("V1__orders.sql", "CREATE TABLE orders (id int PRIMARY KEY);"),
        shop -> shop.getSpec().getMigrations().setLockTimeout("0s"));
    environment.awaitReadyAt("shop", "1");

    try (Connection app = environment.database().connect();
        Statement statement = app.createStatement()) {
      statement.execute("SET application_name = 'billing-api'");
      int blocker;
      try (ResultSet pid = statement.executeQuery("SELECT pg_backend_pid()")) {
        pid.next();
        blocker = pid.getInt(1);
      }
      app.setAutoCommit(false);
      statement.execute("SELECT count(*) FROM orders");

      long changed = System.nanoTime();
      client
          .resource(
              TestResources.migrations(
                  NS,
                  "shop-migrations",
                  Map.of(
                      "V1__orders.sql", "CREATE TABLE orders (id int PRIMARY KEY);",
                      "V2__note.sql", "ALTER TABLE orders ADD COLUMN note text;")))
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
      System.out.printf(
          "lock wait named in the status %d ms after the migration was added%n",
          Duration.ofNanos(System.nanoTime() - changed).toMillis());

      CurrentMigration current = waiting.getStatus().getMigrations().getCurrent();
      assertThat(current.getScript()).isEqualTo("V2__note.sql");
      assertThat(current.getStartedAt()).isNotNull();
      assertThat(current.getWaitingSince()).isNotNull();
      assertThat(current.getWaitingFor())
          .startsWith(
              "a lock on table orders held by pid "
                  + blocker
                  + " (billing-api, user postgres, idle in transaction for ")
          .endsWith(": SELECT count(*) FROM orders)");
      OperatorEnvironment.assertCondition(waiting, "Reconciling", "True");
      assertThat(OperatorEnvironment.condition(waiting, "Ready").orElseThrow().getReason())
          .isEqualTo("WaitingForLock");
      assertThat(OperatorEnvironment.readyMessage(waiting))
          .startsWith("Job " + waiting.getStatus().getLastJob().getName() + ": V2__note.sql")
          .contains(" waiting since " + current.getWaitingSince() + " for a lock on table orders");
      Event event = environment.awaitEvent("shop", "MigrationWaitingForLock");
      assertThat(event.getType()).isEqualTo("Warning");
      assertThat(event.getMessage()).contains("held by pid " + blocker + " (billing-api");

      app.rollback();
    }
    DatabaseMigration done = environment.awaitReadyAt("shop", "2");
    assertThat(done.getStatus().getMigrations().getCurrent()).isNull();
    assertThat(
            environment
                .database()
                .column(
                    "SELECT column_name FROM information_schema.columns"
                        + " WHERE table_name = 'orders' ORDER BY ordinal_position"))
        .containsExactly("id", "note");
  }
}
