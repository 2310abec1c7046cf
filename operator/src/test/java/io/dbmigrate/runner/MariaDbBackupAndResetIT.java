package io.dbmigrate.runner;

import static org.assertj.core.api.Assertions.assertThat;

import io.dbmigrate.db.ConnectionSettings;
import io.dbmigrate.runner.RunResult.Status;
import io.dbmigrate.testing.CapturedLogs;
import io.dbmigrate.testing.MariaDbDatabase;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Backups with mariadb-dump and development resets on a real MariaDB, as {@link BackupAndResetIT}.
 */
class MariaDbBackupAndResetIT {
  /** Every character the option file's syntax treats specially, and a space at each end. */
  private static final String PASSWORD = " Pw#1 \"q\" 'x' back\\slash;semi=eq ";

  @RegisterExtension final MariaDbDatabase db = new MariaDbDatabase();
  @RegisterExtension final MariaDbDatabase restored = new MariaDbDatabase();
  @TempDir Path work;

  private ConnectionSettings settings;
  private Path migrations;
  private Path seeds;
  private Path backups;
  private String user;

  @BeforeEach
  void sources() throws IOException {
    settings = ConnectionSettings.resolve(db.mariadbUrl(), null, null);
    migrations = Files.createDirectory(work.resolve("migrations"));
    seeds = Files.createDirectory(work.resolve("seeds"));
    backups = work.resolve("backups");
    Files.writeString(
        migrations.resolve("V1__init.sql"),
        "CREATE TABLE country (code varchar(2) PRIMARY KEY, name varchar(100) NOT NULL);\n"
            + "CREATE INDEX country_name ON country (name);\n"
            + "CREATE VIEW country_names AS SELECT name FROM country;\n"
            + "CREATE TRIGGER country_upper BEFORE INSERT ON country FOR EACH ROW"
            + " SET NEW.code = LOWER(NEW.code);\n"
            + "CREATE FUNCTION country_count() RETURNS int READS SQL DATA"
            + " RETURN (SELECT count(*) FROM country);");
    Files.writeString(
        seeds.resolve("001_countries.sql"),
        "INSERT INTO country VALUES ('DE', 'Germany'), ('fr', 'France')"
            + " ON DUPLICATE KEY UPDATE name = VALUES(name);");
  }

  @AfterEach
  void dropUser() {
    if (user != null) {
      db.execute("DROP USER IF EXISTS '" + user + "'@'%'");
    }
  }

  private RunOptions options(String environment, Path backupDir) {
    return new RunOptions(
        List.of(migrations),
        "latest",
        environment,
        List.of(new Seed("reference-data", seeds, List.of())),
        backupDir);
  }

  private RunResult migrate(ConnectionSettings as, DatabaseDump dump, Path backupDir) {
    return new MigrationRunner(dump).migrate(as, options("production", backupDir));
  }

  private RunResult migrate(Path backupDir) {
    return migrate(settings, DatabaseDump.onPath(), backupDir);
  }

  private void addCityMigration() throws IOException {
    Files.writeString(
        migrations.resolve("V2__city.sql"),
        "CREATE TABLE city (id int PRIMARY KEY, country varchar(2));");
  }

  @Test
  void theBackupRestoresIntoAnEmptyDatabaseWithTheSameSchemaHistoryAndRows() throws Exception {
    migrate(null);
    db.execute("INSERT INTO country VALUES ('IT', 'Italy')");
    addCityMigration();
    String schemaBefore = schema(db);

    RunResult result = migrate(backups);

    assertThat(result.status()).as(String.valueOf(result.error())).isEqualTo(Status.Succeeded);
    assertThat(result.backup()).isNotNull();
    Path file = Path.of(result.backup().file());
    assertThat(file.getParent()).isEqualTo(backups);
    assertThat(file.getFileName().toString()).matches(db.name() + "-\\d{8}T\\d{6}Z\\.sql");
    assertThat(result.backup().sizeBytes()).isEqualTo(Files.size(file)).isPositive();
    assertThat(Files.readString(file)).doesNotContain("CREATE DATABASE").doesNotContain("USE `");
    assertThat(db.tableExists("city")).isTrue();

    run(
        file,
        "mariadb",
        "--protocol=TCP",
        "-h",
        MariaDbDatabase.HOST,
        "-P",
        Integer.toString(MariaDbDatabase.PORT),
        "-u",
        MariaDbDatabase.USER,
        restored.name());

    assertThat(schema(restored)).isEqualTo(schemaBefore);
    assertThat(restored.column("SELECT code FROM country ORDER BY code"))
        .containsExactly("de", "fr", "it");
    assertThat(restored.column("SELECT country_count()")).containsExactly("3");
    assertThat(restored.column("SELECT version FROM flyway_schema_history")).containsExactly("1");
    assertThat(restored.column("SELECT file FROM dbmigrate_seed_history"))
        .containsExactly("001_countries.sql");
    assertThat(restored.tableExists("city")).isFalse();
  }

  @Test
  void nothingPendingTakesNoBackup() {
    migrate(null);

    RunResult result = migrate(backups);

    assertThat(result.status()).isEqualTo(Status.Succeeded);
    assertThat(result.backup()).isNull();
    assertThat(Files.exists(backups)).isFalse();
  }

  @Test
  void noDumpProgramOnThePathStopsTheRunBeforeAnyChange() throws IOException {
    Path emptyPath = Files.createDirectory(work.resolve("bin"));

    RunResult result =
        migrate(settings, new DatabaseDump(Map.of("PATH", emptyPath.toString())), backups);

    assertThat(result.status()).isEqualTo(Status.Failed);
    assertThat(result.error().message())
        .isEqualTo(
            "backup failed, nothing was changed: no mariadb-dump or mysqldump on the PATH to back"
                + " up with: install it (the dbmigrate-operator image has it) or name the program"
                + " in DBMIGRATE_MARIADB_DUMP");
    assertThat(result.seeds()).containsExactly(SeedResult.notRun("reference-data", 1));
    assertThat(db.tableExists("flyway_schema_history")).isFalse();
    assertThat(db.tableExists("country")).isFalse();
  }

  @Test
  void aNamedProgramThatIsMissingStopsTheRunBeforeAnyChange() {
    Path missing = work.resolve("no-such-mariadb-dump");

    RunResult result =
        migrate(
            settings,
            new DatabaseDump(Map.of("DBMIGRATE_MARIADB_DUMP", missing.toString())),
            backups);

    assertThat(result.error().message())
        .startsWith("backup failed, nothing was changed: cannot run " + missing);
    assertThat(db.tableExists("country")).isFalse();
  }

  @Test
  void thePasswordReachesTheDumpOnlyThroughAPrivateOptionFileThatIsDeletedAfterwards()
      throws Exception {
    ConnectionSettings app = appUser(true);
    // mysqldump, the name MySQL has, stands in when mariadb-dump is not on the PATH. This one
    // records how it was called, then runs the real one.
    Path bin = Files.createDirectory(work.resolve("bin"));
    Path calls = work.resolve("calls");
    Path fake =
        Files.writeString(
            bin.resolve("mysqldump"),
            "#!/bin/sh\n"
                + "printf '%s\\n' \"$@\" > "
                + calls
                + "\n"
                + "options=\"${1#--defaults-extra-file=}\"\n"
                + "stat -c %a \"$options\" >> "
                + calls
                + ".mode\n"
                + "stat -c %a \"$(dirname \"$options\")\" >> "
                + calls
                + ".mode\n"
                + "env >> "
                + calls
                + ".env\n"
                + "exec "
                + realProgram("mariadb-dump")
                + " \"$@\"\n");
    fake.toFile().setExecutable(true);
    migrate(app, DatabaseDump.onPath(), null);
    addCityMigration();

    RunResult result;
    try (CapturedLogs logs = CapturedLogs.start()) {
      result = migrate(app, new DatabaseDump(Map.of("PATH", bin.toString())), backups);
      assertThat(logs.text()).contains("backed up").doesNotContain(PASSWORD.strip());
    }

    assertThat(result.status()).as(String.valueOf(result.error())).isEqualTo(Status.Succeeded);
    List<String> arguments = Files.readAllLines(calls);
    assertThat(arguments.get(0)).startsWith("--defaults-extra-file=");
    assertThat(arguments)
        .contains(
            "--single-transaction", "--routines", "--triggers", "--events", "--no-tablespaces")
        .endsWith(db.name());
    assertThat(String.join(" ", arguments)).doesNotContain("Pw#1");
    assertThat(Files.readString(work.resolve("calls.env"))).doesNotContain("Pw#1");
    assertThat(Files.readAllLines(work.resolve("calls.mode"))).containsExactly("600", "700");
    Path optionFile = Path.of(arguments.get(0).substring("--defaults-extra-file=".length()));
    assertThat(optionFile.getParent()).doesNotExist();
    assertThat(Files.readString(Path.of(result.backup().file())))
        .contains("CREATE TABLE `country`");
  }

  @Test
  void aFailingDumpIsReportedAndNothingChangesNorLooksLikeABackup() throws IOException {
    // Everything the migrations need, but not EVENT: mariadb-dump --events stops at SHOW EVENTS.
    ConnectionSettings app = appUser(false);

    RunResult result;
    try (CapturedLogs logs = CapturedLogs.start()) {
      result = migrate(app, DatabaseDump.onPath(), backups);
      assertThat(logs.text()).doesNotContain(PASSWORD.strip());
    }

    assertThat(result.status()).isEqualTo(Status.Failed);
    assertThat(result.error().message())
        .startsWith("backup failed, nothing was changed: mariadb-dump exited with 2: ")
        .contains("Access denied for user '" + user + "'")
        .doesNotContain(PASSWORD.strip());
    assertThat(db.tableExists("flyway_schema_history")).isFalse();
    assertThat(db.tableExists("country")).isFalse();
    try (Stream<Path> left = Files.list(backups)) {
      assertThat(left).as("no partial dump is left behind").isEmpty();
    }
  }

  @Test
  void resetInDevelopmentDropsEverythingThenMigratesAndSeedsAgain() {
    migrate(null);
    db.execute("INSERT INTO country VALUES ('xx', 'Nowhere')");
    db.execute("CREATE TABLE scratch (id int)");

    RunResult result = new MigrationRunner().reset(settings, options("development", backups));

    assertThat(result.status()).as(String.valueOf(result.error())).isEqualTo(Status.Succeeded);
    assertThat(result.appliedCount()).isEqualTo(1);
    assertThat(result.seeds()).containsExactly(SeedResult.applied("reference-data", 1, 1));
    assertThat(result.backup()).as("a reset backs up what it drops").isNotNull();
    assertThat(db.tableExists("scratch")).isFalse();
    assertThat(db.column("SELECT code FROM country ORDER BY code")).containsExactly("de", "fr");
    assertThat(db.column("SELECT count(*) FROM dbmigrate_seed_history")).containsExactly("1");
  }

  @Test
  void resetIsRefusedOutsideDevelopmentAndKeepsTheData() {
    migrate(null);

    RunResult result = new MigrationRunner().reset(settings, options("production", null));

    assertThat(result.status()).isEqualTo(Status.Failed);
    assertThat(result.error().message()).isEqualTo(MigrationRunner.resetRefusal("production"));
    assertThat(db.column("SELECT count(*) FROM country")).containsExactly("2");
  }

  /** A user of this database with {@link #PASSWORD}, with or without the EVENT privilege. */
  private ConnectionSettings appUser(boolean events) {
    user = "u" + db.name().substring(4, 14);
    String quoted = PASSWORD.replace("\\", "\\\\").replace("'", "\\'");
    db.execute("CREATE USER '" + user + "'@'%' IDENTIFIED BY '" + quoted + "'");
    db.execute(
        "GRANT SELECT, INSERT, UPDATE, DELETE, CREATE, DROP, INDEX, ALTER, CREATE VIEW, SHOW VIEW,"
            + " TRIGGER, CREATE ROUTINE, ALTER ROUTINE, EXECUTE"
            + (events ? ", EVENT" : "")
            + " ON "
            + db.name()
            + ".* TO '"
            + user
            + "'@'%'");
    return ConnectionSettings.resolve(db.jdbcUrl(), user, PASSWORD);
  }

  /** Tables, columns, indexes, views, triggers and routines, as the server describes them. */
  private static String schema(MariaDbDatabase database) {
    String tables =
        String.join(
            "\n",
            database.column(
                "SELECT CONCAT_WS(' ', table_name, table_type) FROM information_schema.tables"
                    + " WHERE table_schema = DATABASE() ORDER BY table_name"));
    String columns =
        String.join(
            "\n",
            database.column(
                "SELECT CONCAT_WS(' ', table_name, column_name, column_type, is_nullable,"
                    + " column_key) FROM information_schema.columns"
                    + " WHERE table_schema = DATABASE() ORDER BY table_name, ordinal_position"));
    String indexes =
        String.join(
            "\n",
            database.column(
                "SELECT CONCAT_WS(' ', table_name, index_name, column_name)"
                    + " FROM information_schema.statistics WHERE table_schema = DATABASE()"
                    + " ORDER BY table_name, index_name, seq_in_index"));
    String triggers =
        String.join(
            "\n",
            database.column(
                "SELECT CONCAT_WS(' ', trigger_name, action_timing, event_manipulation,"
                    + " action_statement) FROM information_schema.triggers"
                    + " WHERE trigger_schema = DATABASE() ORDER BY trigger_name"));
    String routines =
        String.join(
            "\n",
            database.column(
                "SELECT CONCAT_WS(' ', routine_name, routine_type, routine_definition)"
                    + " FROM information_schema.routines WHERE routine_schema = DATABASE()"
                    + " ORDER BY routine_name"));
    return String.join("\n--\n", tables, columns, indexes, triggers, routines);
  }

  private static String realProgram(String name) {
    for (String entry : System.getenv("PATH").split(":")) {
      Path candidate = Path.of(entry, name);
      if (Files.isExecutable(candidate)) {
        return candidate.toString();
      }
    }
    throw new IllegalStateException(name + " is needed for this test");
  }

  private static void run(Path input, String... command) throws Exception {
    Process process =
        new ProcessBuilder(command).redirectInput(input.toFile()).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes());
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).as(output).isZero();
  }
}
