package io.dbmigrate.runner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.dbmigrate.config.LockPolicy;
import io.dbmigrate.db.ConnectionSettings;
import io.dbmigrate.runner.RunResult.AppliedMigration;
import io.dbmigrate.runner.RunResult.Status;
import io.dbmigrate.testing.CapturedLogs;
import io.dbmigrate.testing.MariaDbDatabase;
import io.dbmigrate.testing.Waits;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A MariaDB migration waiting for a lock an application session holds, as {@link LiveDatabaseIT}
 * does on PostgreSQL: the log and the failure name the lock and the session holding it.
 */
class MariaDbLockWaitIT {
  /** A run that hangs is a failure, not a test that never ends. */
  private static final Duration HANG = Duration.ofSeconds(60);

  @RegisterExtension final MariaDbDatabase db = new MariaDbDatabase();
  @TempDir Path migrations;

  private final MigrationRunner runner = new MigrationRunner();
  private ConnectionSettings settings;

  @BeforeEach
  void settings() throws IOException {
    settings = ConnectionSettings.resolve(db.mariadbUrl(), null, null);
    write(
        "V1__orders.sql",
        "CREATE TABLE orders (id int PRIMARY KEY, total int);\n"
            + "INSERT INTO orders VALUES (1, 10);");
    assertThat(migrate(LockPolicy.DEFAULT).error()).isNull();
  }

  private void write(String name, String sql) throws IOException {
    Files.writeString(migrations.resolve(name), sql);
  }

  private RunResult migrate(LockPolicy policy) {
    return assertTimeoutPreemptively(
        HANG,
        () ->
            runner.migrate(
                settings, RunOptions.migrations(List.of(migrations), null).withLockPolicy(policy)));
  }

  private static LockPolicy lockTimeout(String timeout) {
    return LockPolicy.of(timeout, 0, null, "");
  }

  @Test
  void aTableLockHeldTooLongEndsTheRunNamingTheMigrationTheTableAndTheLikelySession()
      throws Exception {
    write("V2__note.sql", "ALTER TABLE orders ADD COLUMN note text;");

    try (Connection app = db.connect();
        CapturedLogs logs = CapturedLogs.start()) {
      int blocker = idleInTransactionAfterReading(app);

      RunResult result = migrate(lockTimeout("2s"));

      assertThat(result.status()).isEqualTo(Status.Failed);
      assertThat(result.error().script()).isEqualTo("V2__note.sql");
      assertThat(result.error().message())
          .startsWith("migration V2__note.sql (version 2) could not take a lock within 2 s")
          .contains(
              "it waited for a metadata lock on table orders probably held by the oldest open"
                  + " transaction, connection "
                  + blocker
                  + " (user root, host 127.0.0.1:")
          .contains("idle in transaction for")
          .contains(
              "On MariaDB no statement of the file ran before it, so nothing of it stays; it was"
                  + " not retried, and Flyway recorded it as failed. Nothing to undo: ");
      assertThat(logs.text())
          .containsPattern(
              "V2__note.sql waiting \\d+ (ms|s) for a metadata lock on table orders probably held"
                  + " by the oldest open transaction, connection "
                  + blocker
                  + " \\(user root, host 127\\.0\\.0\\.1:\\d+, idle in transaction for ")
          .doesNotContain("not named");
      assertThat(columns()).containsExactly("id", "total");
    }
  }

  @Test
  void aTableLockLetGoWhileTheMigrationWaitsLetsItSucceed() throws Exception {
    write("V2__note.sql", "ALTER TABLE orders ADD COLUMN note text;");

    try (Connection app = db.connect();
        CapturedLogs logs = CapturedLogs.start()) {
      int blocker = idleInTransactionAfterReading(app);
      CompletableFuture<RunResult> run =
          CompletableFuture.supplyAsync(() -> migrate(lockTimeout("30s")));
      Waits.await("the wait named in the log")
          .until(
              () ->
                  logs.text()
                      .contains("held by the oldest open transaction, connection " + blocker));
      assertThat(run).isNotDone();

      app.commit();

      RunResult result = run.get();
      assertThat(result.error()).isNull();
      assertThat(result.applied())
          .extracting(AppliedMigration::script)
          .containsExactly("V2__note.sql");
      assertThat(columns()).containsExactly("id", "total", "note");
    }
  }

  @Test
  void aRowLockHeldTooLongNamesTheTableAndTheSessionHoldingIt() throws Exception {
    write(
        "V2__raise.sql",
        "INSERT INTO orders (id, total) VALUES (2, 5);\n"
            + "UPDATE orders SET total = total + 1 WHERE id = 1;\n");

    try (Connection app = db.connect();
        Statement statement = app.createStatement();
        CapturedLogs logs = CapturedLogs.start()) {
      int blocker = connectionId(statement);
      app.setAutoCommit(false);
      statement.execute("SELECT total FROM orders WHERE id = 1 FOR UPDATE");

      RunResult result = migrate(lockTimeout("2s"));

      assertThat(result.status()).isEqualTo(Status.Failed);
      assertThat(result.error().message())
          .startsWith("migration V2__raise.sql (version 2) could not take a lock within 2 s")
          .contains(
              "it waited for a lock on a row of table orders held by connection "
                  + blocker
                  + " (user root, host 127.0.0.1:")
          .contains("idle in transaction for")
          .doesNotContain("probably")
          .contains(
              "On MariaDB no statement of the file before it changed the schema, so its data"
                  + " changes were rolled back; it was not retried, and Flyway recorded it as"
                  + " failed. Nothing to undo: ");
      assertThat(logs.text()).contains("V2__raise.sql waiting");
      app.rollback();
    }
    assertThat(db.column("SELECT total FROM orders")).containsExactly("10");
  }

  @Test
  void aUserWithoutProcessPrivilegeIsToldWhyTheHolderIsHidden() throws Exception {
    String user = "dbm_np_" + UUID.randomUUID().toString().substring(0, 8);
    db.execute("CREATE USER '" + user + "'@'%' IDENTIFIED BY 'Np-pass-77'");
    try {
      db.execute("GRANT ALL ON " + db.name() + ".* TO '" + user + "'@'%'");
      write("V2__note.sql", "ALTER TABLE orders ADD COLUMN note text;");
      settings = ConnectionSettings.resolve(db.jdbcUrl(), user, "Np-pass-77");

      try (Connection app = db.connect()) {
        idleInTransactionAfterReading(app);

        RunResult result = migrate(lockTimeout("2s"));

        assertThat(result.status()).isEqualTo(Status.Failed);
        assertThat(result.error().message())
            .contains(
                "it waited for a metadata lock on table orders (the session holding it is hidden:"
                    + " without the PROCESS privilege MariaDB shows a user only its own sessions;"
                    + " grant PROCESS to the migration user to see it)");
      }
    } finally {
      db.execute("DROP USER '" + user + "'@'%'");
    }
  }

  /** An application session that read the table and left its transaction open. */
  private static int idleInTransactionAfterReading(Connection app) throws SQLException {
    try (Statement statement = app.createStatement()) {
      int id = connectionId(statement);
      app.setAutoCommit(false);
      statement.execute("SELECT count(*) FROM orders");
      return id;
    }
  }

  private static int connectionId(Statement statement) throws SQLException {
    try (ResultSet row = statement.executeQuery("SELECT CONNECTION_ID()")) {
      row.next();
      return row.getInt(1);
    }
  }

  private List<String> columns() {
    return db.column(
        "SELECT column_name FROM information_schema.columns WHERE table_schema = DATABASE()"
            + " AND table_name = 'orders' ORDER BY ordinal_position");
  }
}
