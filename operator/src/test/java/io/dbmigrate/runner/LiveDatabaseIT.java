package io.dbmigrate.runner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.dbmigrate.config.LockPolicy;
import io.dbmigrate.db.ConnectionSettings;
import io.dbmigrate.runner.RunResult.AppliedMigration;
import io.dbmigrate.runner.RunResult.Status;
import io.dbmigrate.testing.CapturedLogs;
import io.dbmigrate.testing.PostgresDatabase;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Migrations against a database in use: statements that cannot run in a transaction, and a session
 * of the application holding a lock the migration needs.
 */
class LiveDatabaseIT {
  /** A set that hangs is a failure, not a test that never ends. */
  private static final Duration HANG = Duration.ofSeconds(60);

  @RegisterExtension final PostgresDatabase db = new PostgresDatabase();
  @TempDir Path migrations;

  private final MigrationRunner runner = new MigrationRunner();
  private ConnectionSettings settings;

  @BeforeEach
  void settings() {
    settings = ConnectionSettings.resolve(db.jdbcUrl(), db.username(), null);
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

  private static LockPolicy locks(String lockTimeout, int retries) {
    return LockPolicy.of(lockTimeout, retries, null, "");
  }

  @ParameterizedTest(name = "CREATE INDEX CONCURRENTLY in version {0} of 3")
  @ValueSource(ints = {1, 2, 3})
  void aSetWithCreateIndexConcurrentlyAnywhereApplies(int position) throws IOException {
    write("V0__table.sql", "CREATE TABLE orders (id int PRIMARY KEY, customer int, total int);");
    for (int version = 1; version <= 3; version++) {
      write(
          "V" + version + "__step" + version + ".sql",
          version == position
              ? "CREATE INDEX CONCURRENTLY orders_customer ON orders (customer);"
              : "ALTER TABLE orders ADD COLUMN c" + version + " int;");
    }
    write("R__totals.sql", "CREATE OR REPLACE VIEW totals AS SELECT sum(total) FROM orders;");

    RunResult first = migrate(LockPolicy.DEFAULT);

    assertThat(first.error()).isNull();
    assertThat(first.applied()).hasSize(5);
    assertThat(validIndexes()).contains("orders_customer");
    RunResult again = migrate(LockPolicy.DEFAULT);
    assertThat(again.status()).isEqualTo(Status.Succeeded);
    assertThat(again.applied()).isEmpty();
  }

  @Test
  void aFileOfNonTransactionalStatementsBesideTransactionalOnesApplies() throws IOException {
    write("V1__table.sql", "CREATE TABLE orders (id int PRIMARY KEY, customer int);");
    write(
        "V2__maintenance.sql",
        """
        VACUUM orders;
        CREATE INDEX CONCURRENTLY orders_customer ON orders (customer);
        VACUUM ANALYZE orders;
        CREATE UNIQUE INDEX CONCURRENTLY orders_id_customer ON orders (id, customer);
        """);
    write(
        "V3__status.sql",
        "CREATE TYPE status AS ENUM ('new');\n"
            + "ALTER TYPE status ADD VALUE 'paid';\n"
            + "ALTER TABLE orders ADD COLUMN status status;");

    RunResult result = migrate(LockPolicy.DEFAULT);

    assertThat(result.error()).isNull();
    assertThat(result.applied())
        .extracting(AppliedMigration::script)
        .containsExactly("V1__table.sql", "V2__maintenance.sql", "V3__status.sql");
    assertThat(validIndexes()).contains("orders_customer", "orders_id_customer");
    assertThat(migrate(LockPolicy.DEFAULT).applied()).isEmpty();
  }

  @Test
  void aLockHeldTooLongEndsTheRunNamingTheMigrationTheTableAndTheSession() throws Exception {
    write("V1__orders.sql", "CREATE TABLE orders (id int PRIMARY KEY);");
    migrate(LockPolicy.DEFAULT);
    write("V2__note.sql", "ALTER TABLE orders ADD COLUMN note text;");

    try (Connection app = db.connect();
        CapturedLogs logs = CapturedLogs.start()) {
      int blocker = idleInTransactionAfterReading(app, "billing-api");
      long started = System.nanoTime();

      RunResult result = migrate(locks("1s", 1));

      Duration took = Duration.ofNanos(System.nanoTime() - started);
      assertThat(took).isLessThan(Duration.ofSeconds(10));
      assertThat(result.status()).isEqualTo(Status.Failed);
      assertThat(result.error().script()).isEqualTo("V2__note.sql");
      assertThat(result.error().message())
          .startsWith("migration V2__note.sql (version 2) could not take a lock within 1 s")
          .contains("2 attempts")
          .contains("a lock on table orders held by pid " + blocker + " (billing-api, user")
          .contains("idle in transaction for")
          .contains("SELECT count(*) FROM orders")
          .contains("Each attempt was rolled back, so it changed nothing");
      assertThat(logs.text()).contains("V2__note.sql waiting").contains("retry 1 of 1 in 1 s");
      assertThat(columns("orders")).containsExactly("id");
      assertThat(result.currentVersion()).isEqualTo("1");
    }
  }

  @Test
  void aLockReleasedBetweenRetriesLetsTheRetrySucceed() throws Exception {
    write("V1__orders.sql", "CREATE TABLE orders (id int PRIMARY KEY);");
    write("V2__note.sql", "ALTER TABLE orders ADD COLUMN note text;");
    write("V3__more.sql", "ALTER TABLE orders ADD COLUMN more text;");
    migrateTo("1");

    try (Connection app = db.connect()) {
      idleInTransactionAfterReading(app, "billing-api");
      CompletableFuture<Void> release =
          CompletableFuture.runAsync(
              () -> rollback(app), CompletableFuture.delayedExecutor(1500, TimeUnit.MILLISECONDS));

      RunResult result = migrate(locks("1s", 3));

      release.join();
      assertThat(result.error()).isNull();
      assertThat(result.applied())
          .extracting(AppliedMigration::script)
          .containsExactly("V2__note.sql", "V3__more.sql");
      assertThat(columns("orders")).containsExactly("id", "note", "more");
    }
  }

  @Test
  void aLockTimeoutOnANonTransactionalStatementSaysNothingWasRolledBack() throws Exception {
    write("V1__orders.sql", "CREATE TABLE orders (id int PRIMARY KEY, customer int);");
    write("V2__index.sql", "CREATE INDEX CONCURRENTLY orders_customer ON orders (customer);");
    migrateTo("1");

    try (Connection app = db.connect()) {
      app.setAutoCommit(false);
      try (Statement statement = app.createStatement()) {
        statement.execute("SET application_name = 'billing-api'");
        statement.execute("INSERT INTO orders VALUES (1, 7)");
      }

      RunResult result = migrate(locks("1s", 3));

      assertThat(result.status()).isEqualTo(Status.Failed);
      assertThat(result.error().message())
          .startsWith("migration V2__index.sql (version 2) could not take a lock within 1 s")
          .doesNotContain("attempts")
          .contains("waited for older transactions to end")
          .contains("the oldest pid")
          .contains("billing-api")
          .contains("nothing was rolled back")
          .contains("left INVALID")
          .contains("clear the failed entry with dbmigrate repair");
      app.rollback();
    }
    assertThat(db.column("SELECT success::text FROM flyway_schema_history WHERE version = '2'"))
        .containsExactly("false");
  }

  @Test
  void aStatementRunningPastTheStatementTimeoutSaysWhichSettingToRaise() throws IOException {
    write("V1__slow.sql", "SELECT pg_sleep(3);");

    RunResult result = migrate(LockPolicy.of(null, null, "1s", ""));

    assertThat(result.status()).isEqualTo(Status.Failed);
    assertThat(result.error().message())
        .contains("canceling statement due to statement timeout")
        .contains("statement timeout of 1 s: raise spec.migrations.statementTimeout");
  }

  @Test
  void withoutALockTimeoutTheLogSaysEveryTenSecondsWhatRunsAndWhatItWaitsFor() throws Exception {
    write("V1__orders.sql", "CREATE TABLE orders (id int PRIMARY KEY);");
    write("V2__note.sql", "ALTER TABLE orders ADD COLUMN note text;");
    migrateTo("1");

    try (Connection app = db.connect();
        CapturedLogs logs = CapturedLogs.start()) {
      int blocker = idleInTransactionAfterReading(app, "billing-api");
      CompletableFuture<Void> release =
          CompletableFuture.runAsync(
              () -> rollback(app), CompletableFuture.delayedExecutor(12500, TimeUnit.MILLISECONDS));

      RunResult result = migrate(locks("0s", 0));

      release.join();
      assertThat(result.error()).isNull();
      assertThat(logs.text())
          .containsPattern(
              "V2__note.sql waiting (\\d+ ms )?for a lock on table orders held by pid "
                  + blocker
                  + " \\(billing-api, user postgres, idle in transaction for \\d+ (ms|s)")
          .containsPattern(
              // The wait starts a little after the migration: 9 s of waiting at 10 s of running.
              "V2__note.sql running 1\\d s, waiting \\d+ s for a lock on table orders held by pid "
                  + blocker);
    }
  }

  private void migrateTo(String version) {
    RunResult result =
        runner.migrate(settings, RunOptions.migrations(List.of(migrations), version));
    assertThat(result.error()).isNull();
  }

  /** An application session that read the table and left its transaction open. */
  private static int idleInTransactionAfterReading(Connection app, String name)
      throws SQLException {
    try (Statement statement = app.createStatement()) {
      statement.execute("SET application_name = '" + name + "'");
      int pid;
      try (ResultSet row = statement.executeQuery("SELECT pg_backend_pid()")) {
        row.next();
        pid = row.getInt(1);
      }
      app.setAutoCommit(false);
      statement.execute("SELECT count(*) FROM orders");
      return pid;
    }
  }

  private static void rollback(Connection app) {
    try {
      app.rollback();
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  private List<String> validIndexes() {
    return db.column(
        "SELECT c.relname FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid"
            + " WHERE i.indisvalid");
  }

  private List<String> columns(String table) {
    return db
        .query(
            "SELECT column_name FROM information_schema.columns WHERE table_name = '"
                + table
                + "' ORDER BY ordinal_position")
        .stream()
        .map(row -> (String) row.get("column_name"))
        .toList();
  }
}
