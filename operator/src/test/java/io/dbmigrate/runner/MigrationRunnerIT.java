package io.dbmigrate.runner;

import static org.assertj.core.api.Assertions.assertThat;

import io.dbmigrate.db.ConnectionSettings;
import io.dbmigrate.runner.RunResult.AppliedMigration;
import io.dbmigrate.runner.RunResult.Status;
import io.dbmigrate.testing.PostgresDatabase;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

class MigrationRunnerIT {
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

  private void writeBaseSet() throws IOException {
    write("V1__init.sql", "CREATE TABLE shop (id int PRIMARY KEY, name text);");
    write(
        "V2__users.sql",
        "CREATE TABLE users (id int PRIMARY KEY, shop_id int REFERENCES shop);\n"
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

    assertThat(result.status()).isEqualTo(Status.Succeeded);
    assertThat(result.error()).isNull();
    assertThat(result.currentVersion()).isEqualTo("2");
    assertThat(result.applied())
        .extracting(AppliedMigration::version)
        .containsExactly("1", "2", null);
    assertThat(result.applied())
        .extracting(AppliedMigration::script)
        .containsExactly("V1__init.sql", "V2__users.sql", "R__view.sql");
    assertThat(result.applied())
        .extracting(AppliedMigration::description)
        .containsExactly("init", "users", "view");
    assertThat(result.appliedCount()).isEqualTo(3);
    assertThat(result.totalApplied()).isEqualTo(3);
    assertThat(result.pending()).isZero();
    assertThat(db.column("SELECT name FROM shop_names")).containsExactly("first");
  }

  @Test
  void aSecondRunAppliesNothingAndIsFast() throws IOException {
    writeBaseSet();
    migrate();

    RunResult again = migrate();

    assertThat(again.status()).isEqualTo(Status.Succeeded);
    assertThat(again.applied()).isEmpty();
    assertThat(again.appliedCount()).isZero();
    assertThat(again.totalApplied()).isEqualTo(3);
    assertThat(again.currentVersion()).isEqualTo("2");
    assertThat(again.durationMs()).isLessThan(5_000);
  }

  @Test
  void appliesNewMigrationsAndAChangedRepeatableOnly() throws IOException {
    writeBaseSet();
    migrate();
    write("V3__more.sql", "ALTER TABLE shop ADD COLUMN city text;");
    write("R__view.sql", "CREATE OR REPLACE VIEW shop_names AS SELECT name, id FROM shop;");

    RunResult result = migrate();

    assertThat(result.status()).isEqualTo(Status.Succeeded);
    assertThat(result.applied())
        .extracting(AppliedMigration::script)
        .containsExactly("V3__more.sql", "R__view.sql");
    assertThat(result.currentVersion()).isEqualTo("3");
    assertThat(result.totalApplied()).isEqualTo(4);
  }

  @Test
  void stopsAtTheTargetVersion() throws IOException {
    writeBaseSet();
    write("V3__more.sql", "ALTER TABLE shop ADD COLUMN city text;");

    RunResult result = runner.migrate(settings, List.of(migrations), "2");

    assertThat(result.status()).isEqualTo(Status.Succeeded);
    assertThat(result.currentVersion()).isEqualTo("2");
    assertThat(result.applied())
        .extracting(AppliedMigration::script)
        .doesNotContain("V3__more.sql");
  }

  @Test
  void aFailingMigrationIsReportedAndLeavesNothingOfItBehind() throws IOException {
    writeBaseSet();
    write(
        "V3__bad.sql",
        "CREATE TABLE half (id int);\nINSERT INTO half VALUES (1);\nSELECT * FROM nope;");

    RunResult result = migrate();

    assertThat(result.status()).isEqualTo(Status.Failed);
    assertThat(result.error().version()).isEqualTo("3");
    assertThat(result.error().script()).isEqualTo("V3__bad.sql");
    assertThat(result.error().message())
        .contains("V3__bad.sql")
        .contains("ERROR: relation \"nope\" does not exist")
        .doesNotContain("\n")
        .doesNotContain("dbmigrate-sources");
    assertThat(result.applied()).extracting(AppliedMigration::version).contains("1", "2");
    assertThat(result.currentVersion()).isEqualTo("2");
    assertThat(
            db.column(
                "SELECT version FROM flyway_schema_history WHERE version IS NOT NULL ORDER BY installed_rank"))
        .containsExactly("1", "2");
    assertThat(db.tableExists("half")).isFalse();
    assertThat(db.tableExists("users")).isTrue();
  }

  @Test
  void aChecksumChangeOfAnAppliedMigrationStopsTheRun() throws IOException {
    writeBaseSet();
    migrate();
    write("V1__init.sql", "CREATE TABLE shop (id int PRIMARY KEY, name text, extra text);");
    write("V3__more.sql", "CREATE TABLE more (id int);");

    RunResult result = migrate();

    assertThat(result.status()).isEqualTo(Status.Failed);
    assertThat(result.error().version()).isEqualTo("1");
    assertThat(result.error().script()).isEqualTo("V1__init.sql");
    assertThat(result.error().message())
        .contains("V1__init.sql")
        .contains("changed after it was applied")
        .contains("new migration");
    assertThat(result.applied()).isEmpty();
    assertThat(db.tableExists("more")).isFalse();
  }

  @Test
  void aMigrationMissingFromTheSourcesMeansTheDatabaseIsAhead() throws IOException {
    writeBaseSet();
    write("V3__more.sql", "CREATE TABLE more (id int);");
    migrate();
    Files.delete(migrations.resolve("V2__users.sql"));

    RunResult result = migrate();

    assertThat(result.status()).isEqualTo(Status.Failed);
    assertThat(result.error().message())
        .contains("the database is ahead of these sources")
        .contains("version 2");
    assertThat(result.error().version()).isEqualTo("2");
    assertThat(result.error().script()).isEqualTo("V2__users.sql");
  }

  @Test
  void aFutureMigrationAlsoMeansTheDatabaseIsAhead() throws IOException {
    writeBaseSet();
    write("V3__more.sql", "CREATE TABLE more (id int);");
    migrate();
    Files.delete(migrations.resolve("V3__more.sql"));

    RunResult result = migrate();

    assertThat(result.status()).isEqualTo(Status.Failed);
    assertThat(result.error().message())
        .contains("the database is ahead of these sources")
        .contains("version 3");
  }

  @Test
  void aMigrationRecordedAsFailedNeedsRepair() throws IOException {
    writeBaseSet();
    migrate();
    write("V3__index.sql", "CREATE TABLE more (id int);");
    // What a non-transactional migration (CREATE INDEX CONCURRENTLY) leaves behind when it fails.
    db.execute(
        "INSERT INTO flyway_schema_history (installed_rank, version, description, type, script, checksum,"
            + " installed_by, execution_time, success) VALUES (10, '3', 'index', 'SQL', 'V3__index.sql', 0,"
            + " 'postgres', 5, false)");

    RunResult result = migrate();

    assertThat(result.status()).isEqualTo(Status.Failed);
    assertThat(result.error().version()).isEqualTo("3");
    assertThat(result.error().message())
        .contains("V3__index.sql")
        .contains("recorded as failed")
        .contains("repair");
  }

  @Test
  void configMapVolumeLayoutAppliesEachMigrationOnce() throws IOException {
    Path data = migrations.resolve("..2026_11_25_10_00_00.123456789");
    Files.createDirectories(data);
    Files.writeString(data.resolve("V1__init.sql"), "CREATE TABLE shop (id int);");
    Files.writeString(data.resolve("V2__users.sql"), "CREATE TABLE users (id int);");
    Files.createSymbolicLink(migrations.resolve("..data"), data.getFileName());
    Files.createSymbolicLink(migrations.resolve("V1__init.sql"), Path.of("..data/V1__init.sql"));
    Files.createSymbolicLink(migrations.resolve("V2__users.sql"), Path.of("..data/V2__users.sql"));

    RunResult result = migrate();

    assertThat(result.status()).as(String.valueOf(result.error())).isEqualTo(Status.Succeeded);
    assertThat(result.applied())
        .extracting(AppliedMigration::script)
        .containsExactly("V1__init.sql", "V2__users.sql");
    assertThat(
            db.column(
                "SELECT script FROM flyway_schema_history WHERE version IS NOT NULL ORDER BY installed_rank"))
        .containsExactly("V1__init.sql", "V2__users.sql");
  }

  @Test
  void readsSeveralDirectories() throws IOException {
    Path second = Files.createDirectory(migrations.resolve("second"));
    Path first = Files.createDirectory(migrations.resolve("first"));
    Files.writeString(first.resolve("V1__init.sql"), "CREATE TABLE shop (id int);");
    Files.writeString(second.resolve("V2__users.sql"), "CREATE TABLE users (id int);");

    RunResult result = runner.migrate(settings, List.of(first, second), "latest");

    assertThat(result.status()).isEqualTo(Status.Succeeded);
    assertThat(result.currentVersion()).isEqualTo("2");
  }

  @Test
  void anEmptyOrMissingDirectoryIsRejectedBeforeConnecting() {
    ConnectionSettings nowhere =
        ConnectionSettings.resolve("jdbc:postgresql://127.0.0.1:1/x", "u", "hunter2");

    RunResult empty = runner.migrate(nowhere, List.of(migrations), "latest");
    RunResult missing = runner.migrate(nowhere, List.of(migrations.resolve("absent")), "latest");

    assertThat(empty.status()).isEqualTo(Status.Failed);
    assertThat(empty.error().message())
        .contains("contains no migrations")
        .contains(migrations.toString());
    assertThat(missing.error().message()).contains("does not exist").contains("absent");
  }

  @Test
  void anUnreachableDatabaseIsNamedWithoutThePassword() throws IOException {
    writeBaseSet();
    ConnectionSettings unreachable =
        ConnectionSettings.resolve("postgresql://app:hunter2@127.0.0.1:1/shop", null, null);

    RunResult result = runner.migrate(unreachable, List.of(migrations), "latest");

    assertThat(result.status()).isEqualTo(Status.Failed);
    assertThat(result.error().message())
        .contains("127.0.0.1:1")
        .contains("cannot reach")
        .doesNotContain("hunter2");
    assertThat(result.error().version()).isNull();
  }

  @Test
  void aMissingDatabaseIsNamed() throws IOException {
    writeBaseSet();
    ConnectionSettings absent =
        ConnectionSettings.resolve(
            "jdbc:postgresql://127.0.0.1:5432/dbm_does_not_exist", "postgres", null);

    RunResult result = runner.migrate(absent, List.of(migrations), "latest");

    assertThat(result.status()).isEqualTo(Status.Failed);
    assertThat(result.error().message())
        .contains("database does not exist")
        .contains("dbm_does_not_exist");
  }

  @Test
  void anOlderMigrationAddedAfterNewerOnesIsReported() throws IOException {
    writeBaseSet();
    migrate();
    write("V1_5__late.sql", "CREATE TABLE late (id int);");

    RunResult result = migrate();

    assertThat(result.status()).isEqualTo(Status.Failed);
    assertThat(result.error().version()).isEqualTo("1.5");
    assertThat(result.error().message()).contains("V1_5__late.sql").contains("never applied");
    assertThat(db.tableExists("late")).isFalse();
  }

  @Test
  void anInvalidTargetIsAFailedRunNotAnException() throws IOException {
    writeBaseSet();

    RunResult result = runner.migrate(settings, List.of(migrations), "not-a-version");

    assertThat(result.status()).isEqualTo(Status.Failed);
    assertThat(result.error().message()).contains("not-a-version");
  }

  @Test
  void twoRunsAtOnceApplyEachMigrationOnce() throws Exception {
    writeBaseSet();
    write("V3__slow.sql", "SELECT pg_sleep(0.5); CREATE TABLE slow (id int);");
    var pool = java.util.concurrent.Executors.newFixedThreadPool(2);
    try {
      var first = pool.submit(this::migrate);
      var second = pool.submit(this::migrate);

      RunResult a = first.get();
      RunResult b = second.get();

      assertThat(a.status()).isEqualTo(Status.Succeeded);
      assertThat(b.status()).isEqualTo(Status.Succeeded);
      assertThat(a.appliedCount() + b.appliedCount()).isEqualTo(4);
      assertThat(db.column("SELECT count(*) FROM flyway_schema_history WHERE success"))
          .containsExactly("4");
    } finally {
      pool.shutdownNow();
    }
  }

  // Flyway's details survive into the message, and the applied list is right after any failure.

  @Test
  void invalidFileNamesAreNamed() throws IOException {
    write("V1__ok.sql", "CREATE TABLE ok (id int);");
    write("V3_x.sql", "SELECT 1;");
    write("v4__lower.sql", "SELECT 1;");

    RunResult result = migrate();

    assertThat(result.status()).isEqualTo(Status.Failed);
    assertThat(result.error().message()).contains("V3_x.sql").contains("v4__lower.sql");
    assertThat(db.tableExists("ok")).isFalse();
  }

  @Test
  void bothFilesOfADuplicateVersionAreNamed() throws IOException {
    write("V1__a.sql", "SELECT 1;");
    write("V1.0__b.sql", "SELECT 1;");

    RunResult result = migrate();

    assertThat(result.status()).isEqualTo(Status.Failed);
    assertThat(result.error().message()).contains("V1__a.sql").contains("V1.0__b.sql");
  }

  @Test
  void aMixedMigrationFailingAfterFourGoodOnesReportsThemAndNamesItself() throws IOException {
    for (int i = 1; i <= 4; i++) {
      write("V" + i + "__t" + i + ".sql", "CREATE TABLE t" + i + " (id int);");
    }
    write(
        "V5__mixed.sql", "CREATE TABLE t5 (id int);\nCREATE INDEX CONCURRENTLY t1_id ON t1 (id);");

    RunResult result = migrate();

    assertThat(result.status()).isEqualTo(Status.Failed);
    assertThat(result.applied())
        .extracting(AppliedMigration::version)
        .containsExactly("1", "2", "3", "4");
    assertThat(result.appliedCount()).isEqualTo(4);
    assertThat(result.error().version()).isEqualTo("5");
    assertThat(result.error().script()).isEqualTo("V5__mixed.sql");
    assertThat(result.error().message()).contains("V5__mixed.sql");
    assertThat(result.currentVersion()).isEqualTo("4");
  }

  @Test
  void theMessageStaysWithinTheTerminationMessageBudget() throws IOException {
    write("V1__ok.sql", "SELECT 1;");
    for (int i = 0; i < 200; i++) {
      write("bad_name_number_" + i + "_with_a_rather_long_description.sql", "SELECT 1;");
    }

    RunResult result = migrate();

    assertThat(result.status()).isEqualTo(Status.Failed);
    assertThat(result.error().message())
        .contains("bad_name_number_")
        .hasSizeLessThanOrEqualTo(2048);
    assertThat(
            new RunResultJson()
                .toJson(result)
                .getBytes(java.nio.charset.StandardCharsets.UTF_8)
                .length)
        .isLessThanOrEqualTo(4096);
  }
}
