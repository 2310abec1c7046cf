package io.dbmigrate.runner;

import static org.assertj.core.api.Assertions.assertThat;

import io.dbmigrate.config.FlywaySettings;
import io.dbmigrate.config.LockPolicy;
import io.dbmigrate.db.ConnectionSettings;
import io.dbmigrate.db.DatabaseEngine;
import io.dbmigrate.runner.RunResult.AppliedMigration;
import io.dbmigrate.runner.RunResult.Status;
import io.dbmigrate.testing.CapturedLogs;
import io.dbmigrate.testing.MariaDbDatabase;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The runner's core on a real MariaDB, mirroring {@link MigrationRunnerIT} and {@link SeedsIT}. */
class MariaDbRunnerIT {
  @RegisterExtension final MariaDbDatabase db = new MariaDbDatabase();
  @TempDir Path work;

  private final MigrationRunner runner = new MigrationRunner();
  private Path migrations;
  private ConnectionSettings settings;

  @BeforeEach
  void settings() throws IOException {
    migrations = Files.createDirectory(work.resolve("migrations"));
    settings = ConnectionSettings.resolve(db.mariadbUrl(), null, null);
  }

  private void write(String name, String sql) throws IOException {
    Files.writeString(migrations.resolve(name), sql);
  }

  private void writeBaseSet() throws IOException {
    write("V1__init.sql", "CREATE TABLE shop (id int PRIMARY KEY, name varchar(100));");
    write(
        "V2__users.sql",
        "CREATE TABLE users (id int PRIMARY KEY, shop_id int REFERENCES shop (id));\n"
            + "INSERT INTO shop VALUES (1, 'first');");
    write("R__view.sql", "CREATE OR REPLACE VIEW shop_names AS SELECT name FROM shop;");
  }

  private RunResult migrate() {
    return runner.migrate(settings, List.of(migrations), "latest");
  }

  @Test
  void appliesVersionedAndRepeatableMigrations() throws IOException {
    writeBaseSet();

    RunResult result = migrate();

    assertThat(settings.engine()).isEqualTo(DatabaseEngine.MARIADB);
    assertThat(result.status()).as(String.valueOf(result.error())).isEqualTo(Status.Succeeded);
    assertThat(result.currentVersion()).isEqualTo("2");
    assertThat(result.applied())
        .extracting(AppliedMigration::script)
        .containsExactly("V1__init.sql", "V2__users.sql", "R__view.sql");
    assertThat(result.appliedCount()).isEqualTo(3);
    assertThat(result.totalApplied()).isEqualTo(3);
    assertThat(result.pending()).isZero();
    assertThat(db.column("SELECT name FROM shop_names")).containsExactly("first");
  }

  @Test
  void aSecondRunAppliesNothing() throws IOException {
    writeBaseSet();
    migrate();

    RunResult again = migrate();

    assertThat(again.status()).isEqualTo(Status.Succeeded);
    assertThat(again.applied()).isEmpty();
    assertThat(again.totalApplied()).isEqualTo(3);
    assertThat(again.currentVersion()).isEqualTo("2");
  }

  @Test
  void aMySqlUrlReachesMariaDbThroughTheSameDriver() throws IOException {
    writeBaseSet();
    ConnectionSettings mysql =
        ConnectionSettings.resolve("mysql://root@127.0.0.1:3306/" + db.name(), null, null);

    RunResult result = runner.migrate(mysql, List.of(migrations), "latest");

    assertThat(mysql.engine()).isEqualTo(DatabaseEngine.MYSQL);
    assertThat(result.status()).as(String.valueOf(result.error())).isEqualTo(Status.Succeeded);
  }

  @Test
  void aFailingMigrationNamesWhatItLeftBehindAndHowToRepair() throws IOException {
    write("V1__init.sql", "CREATE TABLE shop (id int PRIMARY KEY);");
    write(
        "V2__broken.sql",
        "-- two tables\nCREATE TABLE a (id int PRIMARY KEY);\nCREATE TABLE b (oops);\n");

    RunResult result = migrate();

    assertThat(result.status()).isEqualTo(Status.Failed);
    assertThat(result.error().script()).isEqualTo("V2__broken.sql");
    assertThat(result.error().message())
        .startsWith("migration V2__broken.sql (version 2) failed: ")
        .contains("(statement at line 3)")
        .contains("on MariaDB DDL commits implicitly, so nothing was rolled back")
        .contains(
            "the statement before line 3 ran and stays applied (CREATE TABLE a (id int PRIMARY KEY))")
        .contains("it is recorded as failed")
        .contains("dbmigrate repair");
    assertThat(db.tableExists("a")).isTrue();
    assertThat(db.tableExists("b")).isFalse();
  }

  @Test
  void aMigrationWrittenForPostgresqlIsNamedAsSuch() throws IOException {
    write(
        "V1__pg.sql",
        "CREATE TABLE shop (id int PRIMARY KEY, created timestamptz DEFAULT now());\n"
            + "CREATE INDEX CONCURRENTLY shop_created ON shop (created);\n");

    RunResult result = migrate();

    assertThat(result.status()).isEqualTo(Status.Failed);
    assertThat(result.error().message())
        .startsWith("migration V1__pg.sql (version 1) failed: ")
        .contains(
            "Note: this looks like PostgreSQL syntax (TIMESTAMPTZ), but the database is MariaDB:"
                + " write the migration for MariaDB");
  }

  @Test
  void aLockWaitTimeoutIsNotRetriedAndSaysWhatStays() throws Exception {
    write("V1__init.sql", "CREATE TABLE shop (id int PRIMARY KEY);");
    migrate();
    write(
        "V2__alter.sql",
        "CREATE TABLE before_alter (id int);\nALTER TABLE shop ADD COLUMN name varchar(10);\n");
    RunOptions options =
        RunOptions.migrations(List.of(migrations), "latest")
            .withLockPolicy(new LockPolicy(Duration.ofSeconds(1), 3, Duration.ZERO));

    RunResult result;
    try (Connection holder = db.connect();
        Statement statement = holder.createStatement()) {
      holder.setAutoCommit(false);
      statement.execute("SELECT * FROM shop FOR UPDATE");
      result = runner.migrate(settings, options);
      holder.rollback();
    }

    assertThat(result.status()).isEqualTo(Status.Failed);
    assertThat(result.error().message())
        .contains("could not take a lock within 1 s (lock timeout)")
        .doesNotContain("attempts")
        .contains(
            "On MariaDB DDL commits implicitly, so nothing was rolled back and it was not retried")
        .contains("(line 2) stay applied (CREATE TABLE before_alter (id int))")
        .contains("dbmigrate repair");
    assertThat(db.tableExists("before_alter")).isTrue();
  }

  @Test
  void twoRunsAtOnceApplyEachMigrationOnce() throws Exception {
    writeBaseSet();
    write("V3__slow.sql", "DO SLEEP(0.5);\nCREATE TABLE slow (id int);");
    var pool = java.util.concurrent.Executors.newFixedThreadPool(2);
    try {
      var first = pool.submit(this::migrate);
      var second = pool.submit(this::migrate);

      RunResult a = first.get();
      RunResult b = second.get();

      assertThat(a.status()).as(String.valueOf(a.error())).isEqualTo(Status.Succeeded);
      assertThat(b.status()).as(String.valueOf(b.error())).isEqualTo(Status.Succeeded);
      assertThat(a.appliedCount() + b.appliedCount()).isEqualTo(4);
      assertThat(db.column("SELECT count(*) FROM flyway_schema_history WHERE success"))
          .containsExactly("4");
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void theStatementTimeoutIsMariaDbsMaxStatementTime() throws IOException {
    write("V1__slow.sql", "SELECT SLEEP(3);");
    RunOptions options =
        RunOptions.migrations(List.of(migrations), "latest")
            .withLockPolicy(new LockPolicy(Duration.ofSeconds(10), 0, Duration.ofSeconds(1)));

    RunResult result = runner.migrate(settings, options);

    assertThat(result.status()).isEqualTo(Status.Failed);
    assertThat(result.error().message())
        .contains("max_statement_time exceeded")
        .contains("statement timeout of 1 s: raise spec.migrations.statementTimeout");
  }

  @Test
  void aLongMigrationIsLoggedEveryTenSecondsAndASleepIsNoLockWait() throws IOException {
    write("V1__slow.sql", "DO SLEEP(10.5);");

    RunResult result;
    try (CapturedLogs logs = CapturedLogs.start()) {
      result = migrate();

      assertThat(logs.text())
          .containsPattern("V1__slow.sql running 1\\d s")
          .doesNotContain("waiting")
          .doesNotContain("cannot look at the migration's session");
    }
    assertThat(result.status()).as(String.valueOf(result.error())).isEqualTo(Status.Succeeded);
  }

  @Test
  void appliesSeedsEachFileOnceAndSkipsThemOnTheNextRun() throws IOException {
    write("V1__init.sql", "CREATE TABLE country (code char(2) PRIMARY KEY, name varchar(50));");
    Path reference = Files.createDirectory(work.resolve("reference"));
    Files.writeString(
        reference.resolve("001_countries.sql"),
        "INSERT INTO country VALUES ('de', 'Germany'), ('fr', 'France')"
            + " ON DUPLICATE KEY UPDATE name = VALUES(name);");
    Files.writeString(
        reference.resolve("002_more.sql"), "INSERT IGNORE INTO country VALUES ('it', 'Italy');");
    RunOptions options =
        new RunOptions(
            List.of(migrations),
            "latest",
            "production",
            List.of(new Seed("reference-data", reference, List.of())),
            null);

    RunResult first = runner.migrate(settings, options);
    RunResult again = runner.migrate(settings, options);

    assertThat(first.status()).as(String.valueOf(first.error())).isEqualTo(Status.Succeeded);
    assertThat(first.seeds()).containsExactly(SeedResult.applied("reference-data", 2, 2));
    assertThat(again.seeds()).containsExactly(SeedResult.applied("reference-data", 2, 0));
    assertThat(db.column("SELECT code FROM country ORDER BY code"))
        .containsExactly("de", "fr", "it");
    assertThat(
            db.column(
                "SELECT CONCAT(seed, '/', file, '@', environment, ':', length(checksum))"
                    + " FROM dbmigrate_seed_history ORDER BY file"))
        .containsExactly(
            "reference-data/001_countries.sql@production:64",
            "reference-data/002_more.sql@production:64");
  }

  @Test
  void aFailingSeedFileSaysItsDdlStays() throws IOException {
    write("V1__init.sql", "CREATE TABLE country (code char(2) PRIMARY KEY);");
    Path broken = Files.createDirectory(work.resolve("broken"));
    Files.writeString(broken.resolve("001_dup.sql"), "INSERT INTO country VALUES ('de'), ('de');");
    RunOptions options =
        new RunOptions(
            List.of(migrations),
            "latest",
            "production",
            List.of(new Seed("broken", broken, List.of())),
            null);

    RunResult result = runner.migrate(settings, options);

    assertThat(result.status()).isEqualTo(Status.Failed);
    assertThat(result.error().message())
        .startsWith("seed broken failed in 001_dup.sql: ")
        .contains("DDL in it commits implicitly on MariaDB")
        .contains("ON DUPLICATE KEY UPDATE");
    assertThat(db.column("SELECT count(*) FROM country")).containsExactly("0");
  }

  @Test
  void placeholdersAreReplaced() throws IOException {
    write("V1__init.sql", "CREATE TABLE ${table} (id int);");
    RunOptions options =
        RunOptions.migrations(List.of(migrations), "latest")
            .withFlyway(FlywaySettings.of(Map.of("placeholders.table", "orders")));

    RunResult result = runner.migrate(settings, options);

    assertThat(result.status()).as(String.valueOf(result.error())).isEqualTo(Status.Succeeded);
    assertThat(db.tableExists("orders")).isTrue();
  }

  @Test
  void anUnreachableDatabaseIsNamedWithoutThePassword() throws IOException {
    writeBaseSet();
    ConnectionSettings unreachable =
        ConnectionSettings.resolve("mysql://app:Pw-gone-1@127.0.0.1:1/shop", null, null);

    RunResult result = runner.migrate(unreachable, List.of(migrations), "latest");

    assertThat(result.error().message())
        .startsWith("cannot reach the database at 127.0.0.1:1/shop as app: ")
        .doesNotContain("Pw-gone-1");
  }
}
