package io.dbmigrate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.dbmigrate.testing.CapturedLogs;
import io.dbmigrate.testing.PostgresDatabase;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The Flyway settings of migrate on the command line and from Flyway's own files, against the real
 * database: what the settings change is checked in the schema and the history table.
 */
class FlywayOptionsIT {
  @RegisterExtension final PostgresDatabase db = new PostgresDatabase();
  @RegisterExtension final PostgresDatabase second = new PostgresDatabase();
  @RegisterExtension final PostgresDatabase third = new PostgresDatabase();
  @TempDir Path work;

  private Path migrations;
  private Path resultFile;
  private StringWriter out;
  private StringWriter err;

  @BeforeEach
  void directories() throws IOException {
    migrations = Files.createDirectory(work.resolve("migrations"));
    resultFile = work.resolve("result.json");
  }

  private void file(String name, String sql) throws IOException {
    Files.writeString(migrations.resolve(name), sql);
  }

  private int run(String... args) {
    out = new StringWriter();
    err = new StringWriter();
    CommandLine commandLine = DbMigrate.commandLine(Map.of());
    commandLine.setOut(new PrintWriter(out));
    commandLine.setErr(new PrintWriter(err));
    return commandLine.execute(args);
  }

  /** migrate on {@code database} with the sources and the result file, then {@code options}. */
  private int migrate(
      PostgresDatabase database, Map<String, String> environment, String... options) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "migrate",
                "--url",
                database.postgresUrl(),
                "--migrations",
                migrations.toString(),
                "--result-file",
                resultFile.toString()));
    args.addAll(List.of(options));
    out = new StringWriter();
    err = new StringWriter();
    CommandLine commandLine = DbMigrate.commandLine(environment);
    commandLine.setOut(new PrintWriter(out));
    commandLine.setErr(new PrintWriter(err));
    return commandLine.execute(args.toArray(String[]::new));
  }

  private int migrate(String... options) {
    return migrate(db, Map.of(), options);
  }

  private String firstErrorLine() {
    return err.toString().lines().findFirst().orElse("");
  }

  @Test
  void replacesPlaceholdersInVersionedAndRepeatableMigrations() throws IOException {
    file("V1__table.sql", "CREATE TABLE ${tableName} (id int);");
    file("R__view.sql", "CREATE OR REPLACE VIEW ${tableName}_view AS SELECT id FROM ${tableName};");

    int exit = migrate("--placeholder", "tableName=orders");

    assertThat(exit).as(err.toString()).isZero();
    assertThat(db.tableExists("orders")).isTrue();
    assertThat(
            db.column(
                "SELECT table_name FROM information_schema.views WHERE table_schema = 'public'"))
        .containsExactly("orders_view");
  }

  @Test
  void aMissingPlaceholderNamesTheFileAndHowToGiveIt() throws IOException {
    file("V1__t.sql", "CREATE TABLE ${tableName} (id int);");

    int exit = migrate();

    assertThat(exit).isEqualTo(1);
    assertThat(firstErrorLine())
        .isEqualTo(
            "migration failed: V1__t.sql needs placeholder ${tableName}: give it with --placeholder"
                + " tableName=VALUE (spec.flyway.placeholders in the cluster)");
    assertThat(err.toString()).doesNotContain("migration failed: migration failed");
    assertThat(Files.readString(resultFile)).contains("V1__t.sql needs placeholder ${tableName}");
    assertThat(db.tableExists("flyway_schema_history")).isTrue();
    assertThat(db.column("SELECT count(*) FROM flyway_schema_history")).containsExactly("0");
  }

  @Test
  void aPlaceholderMissingFromARepeatableMigrationNamesItsFile() throws IOException {
    file("V1__t.sql", "CREATE TABLE t (id int);");
    file("R__v.sql", "CREATE OR REPLACE VIEW ${viewName} AS SELECT id FROM t;");
    String expected =
        "R__v.sql needs placeholder ${viewName}: give it with --placeholder viewName=VALUE"
            + " (spec.flyway.placeholders in the cluster)";

    int planned = run("plan", "--url", db.postgresUrl(), "--migrations", migrations.toString());
    assertThat(planned).isEqualTo(1);
    assertThat(firstErrorLine()).isEqualTo("plan failed: " + expected);

    int migrated = migrate();
    assertThat(migrated).isEqualTo(1);
    assertThat(firstErrorLine()).isEqualTo("migration failed: " + expected);
    assertThat(db.tableExists("t")).isFalse();
  }

  @Test
  void aPlaceholderFromTheEnvironmentIsUsedAndNeverShown() throws IOException {
    String secret = "Tok-3xq-secret-Z9";
    file(
        "V1__token.sql", "CREATE TABLE token (value text); INSERT INTO token VALUES ('${token}');");
    // The database echoes the value in its error: the failure must still not show it.
    file("V2__echo.sql", "SELECT CAST('${token}' AS int);");
    int exit;
    String logs;
    try (CapturedLogs captured = CapturedLogs.start()) {
      exit = migrate(db, Map.of("API_TOKEN", secret), "--placeholder-from-env", "token=API_TOKEN");
      logs = captured.text();
    }

    assertThat(exit).isEqualTo(1);
    assertThat(db.column("SELECT value FROM token")).containsExactly(secret);
    String result = Files.readString(resultFile);
    assertThat(err.toString()).contains("invalid input syntax for type integer: \"****\"");
    assertThat(result).contains("****");
    for (String text : List.of(out.toString(), err.toString(), logs, result)) {
      assertThat(text).doesNotContain(secret);
    }
  }

  @Test
  void twoSchemasWithTheHistoryInTheFirst() throws IOException {
    file("V1__t.sql", "CREATE TABLE t (id int);");

    int exit = migrate("--schema", "app", "--schema", "audit", "--table", "history");

    assertThat(exit).as(err.toString()).isZero();
    assertThat(
            db.column(
                "SELECT schema_name FROM information_schema.schemata"
                    + " WHERE schema_name IN ('app', 'audit') ORDER BY 1"))
        .containsExactly("app", "audit");
    assertThat(db.column("SELECT script FROM app.history WHERE version = '1'"))
        .containsExactly("V1__t.sql");
    assertThat(tablesIn("app")).containsExactly("history", "t");
    assertThat(db.tableExists("flyway_schema_history")).isFalse();
  }

  @Test
  void anOlderMigrationIsRefusedUnlessOutOfOrder() throws IOException {
    file("V1__a.sql", "CREATE TABLE a (id int);");
    file("V3__c.sql", "CREATE TABLE c (id int);");
    assertThat(migrate()).as(err.toString()).isZero();
    file("V2__b.sql", "CREATE TABLE b (id int);");

    int refused = migrate();

    assertThat(refused).isEqualTo(1);
    assertThat(firstErrorLine())
        .isEqualTo(
            "migration failed: migration V2__b.sql (version 2) is older than the newest applied"
                + " version 3 and was never applied: apply it with --out-of-order"
                + " (spec.flyway.outOfOrder: true), or give it a version above 3");
    assertThat(db.tableExists("b")).isFalse();

    int applied = migrate("--out-of-order");

    assertThat(applied).as(err.toString()).isZero();
    assertThat(db.tableExists("b")).isTrue();
    assertThat(db.column("SELECT version FROM flyway_schema_history ORDER BY installed_rank"))
        .containsExactly("1", "3", "2");
  }

  @Test
  void baselinesADatabaseThatHasTablesButNoHistory() throws IOException {
    db.execute("CREATE TABLE a (id int); CREATE TABLE b (id int); CREATE TABLE c (id int);");
    file("V1__a.sql", "CREATE TABLE a (id int);");
    file("V2__b.sql", "CREATE TABLE b (id int);");
    file("V3__c.sql", "CREATE TABLE c (id int);");
    file("V4__d.sql", "CREATE TABLE d (id int);");

    int exit = migrate("--baseline-version", "3");

    assertThat(exit).as(err.toString()).isZero();
    assertThat(db.tableExists("d")).isTrue();
    assertThat(
            db.column(
                "SELECT version || ':' || type FROM flyway_schema_history ORDER BY installed_rank"))
        .containsExactly("3:BASELINE", "4:SQL");
    assertThat(out.toString()).contains("applied 4 d (V4__d.sql)").doesNotContain("V1__a.sql");
  }

  @Test
  void aTomlAndAConfFileDoWhatTheFlagsDo() throws IOException {
    file("V1__t.sql", "CREATE TABLE ${tableName} (id int);");
    file("R__v.sql", "CREATE OR REPLACE VIEW ${tableName}_view AS SELECT id FROM ${tableName};");
    Path toml =
        Files.writeString(
            work.resolve("flyway.toml"),
            """
            [environments.default]
            url = "jdbc:postgresql://elsewhere/ignored"

            [flyway]
            table = "history"
            schemas = ["app", "audit"]

            [flyway.placeholders]
            tableName = "orders"
            """);
    Path conf =
        Files.writeString(
            work.resolve("flyway.conf"),
            """
            # Flyway's classic form
            flyway.table=history
            flyway.schemas=app,audit
            flyway.placeholders.tableName=orders
            """);

    assertThat(
            migrate(
                db,
                Map.of(),
                "--schema",
                "app",
                "--schema",
                "audit",
                "--table",
                "history",
                "--placeholder",
                "tableName=orders"))
        .as(err.toString())
        .isZero();
    assertThat(migrate(second, Map.of(), "--config", toml.toString())).as(err.toString()).isZero();
    assertThat(migrate(third, Map.of(), "--config", conf.toString())).as(err.toString()).isZero();

    List<String> byFlags = state(db);
    assertThat(byFlags)
        .contains("table app.history", "table app.orders", "view app.orders_view", "schema audit");
    assertThat(state(second)).isEqualTo(byFlags);
    assertThat(state(third)).isEqualTo(byFlags);
  }

  @Test
  void aFlagWinsOverTheFile() throws IOException {
    file("V1__t.sql", "CREATE TABLE t (id int);");
    Path toml =
        Files.writeString(
            work.resolve("flyway.toml"), "[flyway]\ntable = \"file_history\"\noutOfOrder = true\n");

    int exit = migrate("--config", toml.toString(), "--table", "flag_history");

    assertThat(exit).as(err.toString()).isZero();
    assertThat(db.tableExists("flag_history")).isTrue();
    assertThat(db.tableExists("file_history")).isFalse();
  }

  @Test
  void appliesACustomPrefixSeparatorAndSuffix() throws IOException {
    file("M1-init.pgsql", "CREATE TABLE custom (id int);");
    file("V2__ignored.sql", "CREATE TABLE not_a_migration_here (id int);");

    int exit =
        migrate(
            "--flyway",
            "sqlMigrationPrefix=M",
            "--flyway",
            "sqlMigrationSeparator=-",
            "--flyway",
            "sqlMigrationSuffixes=.pgsql");

    assertThat(exit).as(err.toString()).isZero();
    assertThat(db.tableExists("custom")).isTrue();
    assertThat(db.tableExists("not_a_migration_here")).isFalse();
    assertThat(db.column("SELECT script FROM flyway_schema_history"))
        .containsExactly("M1-init.pgsql");
  }

  private List<String> tablesIn(String schema) {
    return db.column(
        "SELECT table_name FROM information_schema.tables WHERE table_schema = '"
            + schema
            + "' AND table_type = 'BASE TABLE' ORDER BY 1");
  }

  /** Schemas, tables, views and the history rows (without times): what a run leaves behind. */
  private static List<String> state(PostgresDatabase database) {
    List<String> state = new ArrayList<>();
    state.addAll(
        database.column(
            "SELECT 'schema ' || schema_name FROM information_schema.schemata"
                + " WHERE schema_name IN ('app', 'audit', 'public') ORDER BY 1"));
    state.addAll(
        database.column(
            "SELECT lower(replace(table_type, 'BASE ', '')) || ' ' || table_schema || '.'"
                + " || table_name FROM information_schema.tables"
                + " WHERE table_schema IN ('app', 'audit', 'public') ORDER BY 1"));
    state.addAll(
        database.column(
            "SELECT concat_ws(' ', installed_rank, version, description, type, script, checksum,"
                + " success) FROM app.history ORDER BY installed_rank"));
    return state;
  }
}
