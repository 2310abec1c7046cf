package io.dbmigrate.runner;

import static org.assertj.core.api.Assertions.assertThat;

import io.dbmigrate.db.ConnectionSettings;
import io.dbmigrate.runner.RunResult.Status;
import io.dbmigrate.testing.PostgresDatabase;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

class BackupAndResetIT {
  @RegisterExtension final PostgresDatabase db = new PostgresDatabase();
  @RegisterExtension final PostgresDatabase restored = new PostgresDatabase();
  @TempDir Path work;

  private ConnectionSettings settings;
  private Path migrations;
  private Path seeds;
  private Path backups;

  @BeforeEach
  void sources() throws IOException {
    settings = ConnectionSettings.resolve(db.jdbcUrl(), db.username(), null);
    migrations = Files.createDirectory(work.resolve("migrations"));
    seeds = Files.createDirectory(work.resolve("seeds"));
    backups = work.resolve("backups");
    Files.writeString(
        migrations.resolve("V1__init.sql"),
        "CREATE TABLE country (code text PRIMARY KEY, name text NOT NULL);\n"
            + "CREATE INDEX country_name ON country (name);\n"
            + "CREATE VIEW country_names AS SELECT name FROM country;");
    Files.writeString(
        seeds.resolve("001_countries.sql"),
        "INSERT INTO country VALUES ('de', 'Germany'), ('fr', 'France') ON CONFLICT (code) DO NOTHING;");
  }

  private RunOptions options(String environment, Path backupDir) {
    return new RunOptions(
        List.of(migrations),
        "latest",
        environment,
        List.of(new Seed("reference-data", seeds, List.of())),
        backupDir);
  }

  private RunResult migrate(DatabaseDump dump, Path backupDir) {
    return new MigrationRunner(dump).migrate(settings, options("production", backupDir));
  }

  private static DatabaseDump pgDump(Path program) {
    return new DatabaseDump(Map.of("DBMIGRATE_PG_DUMP", program.toString()));
  }

  @Test
  void theBackupRestoresIntoAnEmptyDatabaseWithTheSameSchemaAndRows() throws Exception {
    migrate(DatabaseDump.onPath(), null);
    db.execute("INSERT INTO country VALUES ('it', 'Italy')");
    Files.writeString(
        migrations.resolve("V2__city.sql"),
        "CREATE TABLE city (id int PRIMARY KEY, country text);");
    String schemaBefore = schemaOnly(db.name());

    RunResult result = migrate(DatabaseDump.onPath(), backups);

    assertThat(result.status()).as(String.valueOf(result.error())).isEqualTo(Status.Succeeded);
    assertThat(result.backup()).isNotNull();
    Path file = Path.of(result.backup().file());
    assertThat(file.getParent()).isEqualTo(backups);
    assertThat(file.getFileName().toString()).matches(db.name() + "-\\d{8}T\\d{6}Z\\.sql");
    assertThat(result.backup().sizeBytes()).isEqualTo(Files.size(file)).isPositive();
    assertThat(Files.readString(file)).doesNotContain("OWNER TO").doesNotContain("GRANT ");
    assertThat(db.tableExists("city")).isTrue();

    run(
        "psql",
        "-v",
        "ON_ERROR_STOP=1",
        "-q",
        "-h",
        PostgresDatabase.HOST,
        "-U",
        PostgresDatabase.USER,
        "-d",
        restored.name(),
        "-f",
        file.toString());

    assertThat(schemaOnly(restored.name())).isEqualTo(schemaBefore);
    assertThat(restored.column("SELECT count(*) FROM country")).containsExactly("3");
    assertThat(restored.column("SELECT count(*) FROM flyway_schema_history")).containsExactly("1");
    assertThat(restored.column("SELECT count(*) FROM dbmigrate_seed_history")).containsExactly("1");
    assertThat(restored.tableExists("city")).isFalse();
  }

  @Test
  void nothingPendingTakesNoBackup() throws IOException {
    migrate(DatabaseDump.onPath(), null);

    RunResult result = migrate(DatabaseDump.onPath(), backups);

    assertThat(result.status()).isEqualTo(Status.Succeeded);
    assertThat(result.backup()).isNull();
    assertThat(Files.exists(backups)).isFalse();
  }

  @Test
  void aPendingSeedFileAloneIsWorthABackup() throws IOException {
    migrate(DatabaseDump.onPath(), null);
    Files.writeString(seeds.resolve("002_more.sql"), "INSERT INTO country VALUES ('es', 'Spain');");

    RunResult result = migrate(DatabaseDump.onPath(), backups);

    assertThat(result.backup()).isNotNull();
    assertThat(result.seeds()).containsExactly(SeedResult.applied("reference-data", 2, 1));
  }

  @Test
  void aMissingPgDumpStopsTheRunBeforeAnyChange() {
    RunResult result = migrate(pgDump(work.resolve("no-such-pg_dump")), backups);

    assertThat(result.status()).isEqualTo(Status.Failed);
    assertThat(result.error().message())
        .startsWith("backup failed, nothing was changed: cannot run")
        .contains("no-such-pg_dump");
    assertThat(result.backup()).isNull();
    assertThat(result.seeds()).containsExactly(SeedResult.notRun("reference-data", 1));
    assertThat(db.tableExists("flyway_schema_history")).isFalse();
    assertThat(db.tableExists("country")).isFalse();
  }

  @Test
  void noPgDumpOnThePathStopsTheRunBeforeAnyChange() throws IOException {
    Path emptyPath = Files.createDirectory(work.resolve("bin"));

    RunResult result = migrate(new DatabaseDump(Map.of("PATH", emptyPath.toString())), backups);

    assertThat(result.error().message())
        .isEqualTo(
            "backup failed, nothing was changed: no pg_dump on the PATH to back up with: install it"
                + " (the dbmigrate-operator image has it) or name the program in DBMIGRATE_PG_DUMP");
    assertThat(db.tableExists("country")).isFalse();
  }

  @Test
  void aFailingPgDumpIsReportedWithItsRedactedMessageAndNothingChanges() throws IOException {
    // Trust authentication ignores the password, so the run connects; the stand-in pg_dump fails
    // and prints what a careless tool might: the password it was given through the environment.
    ConnectionSettings withPassword =
        ConnectionSettings.resolve(db.jdbcUrl(), db.username(), "hunter2");
    Path fake =
        Files.writeString(
            work.resolve("pg_dump"),
            "#!/bin/sh\necho \"pg_dump: error: connection to $PGHOST failed for $PGUSER with $PGPASSWORD\" >&2\n"
                + "echo \"args: $*\" >&2\nexit 1\n");
    fake.toFile().setExecutable(true);

    RunResult result =
        new MigrationRunner(pgDump(fake)).migrate(withPassword, options("production", backups));

    assertThat(result.status()).isEqualTo(Status.Failed);
    // The message is masked where it leaves the process: here, the result file the reconciler
    // reads.
    Path resultFile = work.resolve("result.json");
    ResultFile.write(resultFile, result, new RunResultJson());
    assertThat(Files.readString(resultFile))
        .contains(
            "backup failed, nothing was changed: pg_dump exited with 1: pg_dump: error: connection to 127.0.0.1 failed for postgres with ****")
        .contains("--no-owner --no-privileges")
        .doesNotContain("hunter2");
    assertThat(db.tableExists("flyway_schema_history")).isFalse();
    try (Stream<Path> left = Files.list(backups)) {
      assertThat(left).as("no partial dump is left behind").isEmpty();
    }
  }

  @Test
  void aBackupDirectoryThatIsAFileStopsTheRunBeforeAnyChange() throws IOException {
    Path notADirectory = Files.writeString(work.resolve("file"), "x");

    RunResult result = migrate(DatabaseDump.onPath(), notADirectory);

    assertThat(result.status()).isEqualTo(Status.Failed);
    assertThat(result.error().message())
        .startsWith("backup failed, nothing was changed: cannot use backup directory");
    assertThat(db.tableExists("country")).isFalse();
  }

  @Test
  void anUnwritableBackupDirectoryStopsTheRunBeforeAnyChange() throws IOException {
    Path readOnly = Files.createDirectory(work.resolve("read-only"));
    readOnly.toFile().setWritable(false);
    // root writes anywhere: there this test cannot make a directory unwritable.
    org.junit.jupiter.api.Assumptions.assumeFalse(Files.isWritable(readOnly), "running as root");
    try {
      RunResult result = migrate(DatabaseDump.onPath(), readOnly);

      assertThat(result.status()).isEqualTo(Status.Failed);
      assertThat(result.error().message()).startsWith("backup failed, nothing was changed");
      assertThat(db.tableExists("country")).isFalse();
      try (Stream<Path> left = Files.list(readOnly)) {
        assertThat(left).isEmpty();
      }
    } finally {
      readOnly.toFile().setWritable(true);
    }
  }

  @Test
  void resetIsRefusedOutsideDevelopmentAndKeepsTheData() {
    migrate(DatabaseDump.onPath(), null);

    RunResult result = new MigrationRunner().reset(settings, options("production", null));

    assertThat(result.status()).isEqualTo(Status.Failed);
    assertThat(result.error().message()).contains("reset refused").contains("production");
    assertThat(db.column("SELECT count(*) FROM country")).containsExactly("2");
  }

  @Test
  void resetInDevelopmentCleansMigratesAndSeeds() {
    migrate(DatabaseDump.onPath(), null);
    db.execute("INSERT INTO country VALUES ('xx', 'Nowhere')");
    db.execute("CREATE TABLE scratch (id int)");

    RunResult result = new MigrationRunner().reset(settings, options("development", null));

    assertThat(result.status()).as(String.valueOf(result.error())).isEqualTo(Status.Succeeded);
    assertThat(result.appliedCount()).isEqualTo(1);
    assertThat(result.seeds()).containsExactly(SeedResult.applied("reference-data", 1, 1));
    assertThat(db.tableExists("scratch")).isFalse();
    assertThat(db.column("SELECT code FROM country ORDER BY code")).containsExactly("de", "fr");
  }

  @Test
  void cleanStaysDisabledForMigrate() {
    migrate(DatabaseDump.onPath(), null);

    assertThat(
            MigrationRunner.flyway(
                    new io.dbmigrate.db.SimpleDataSource(settings),
                    MigrationSources.collect(List.of(migrations)),
                    "latest")
                .getConfiguration()
                .isCleanDisabled())
        .isTrue();
  }

  private static String schemaOnly(String database) throws Exception {
    return run(
            "pg_dump",
            "--schema-only",
            "--no-owner",
            "--no-privileges",
            "-h",
            PostgresDatabase.HOST,
            "-U",
            PostgresDatabase.USER,
            "-d",
            database)
        .lines()
        .filter(line -> !line.startsWith("--"))
        .filter(line -> !line.startsWith("\\restrict"))
        .filter(line -> !line.startsWith("\\unrestrict"))
        .reduce("", (a, b) -> a + b + "\n");
  }

  private static String run(String... command) throws Exception {
    Process process =
        new ProcessBuilder(new ArrayList<>(List.of(command))).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes());
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).as(output).isZero();
    return output;
  }
}
