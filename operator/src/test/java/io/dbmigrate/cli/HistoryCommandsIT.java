package io.dbmigrate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dbmigrate.runner.PlanResult;
import io.dbmigrate.runner.PlanResultJson;
import io.dbmigrate.runner.RepairResult;
import io.dbmigrate.runner.RepairResultJson;
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

/** info, baseline and repair end to end against PostgreSQL, and plan's repeatables and baseline. */
class HistoryCommandsIT {
  private static final String HISTORY =
      "SELECT coalesce(version, '-') || ':' || script || ':' || success || ':' || coalesce(checksum, 0)"
          + " FROM flyway_schema_history ORDER BY installed_rank";

  @RegisterExtension final PostgresDatabase db = new PostgresDatabase();
  @TempDir Path work;

  private Path migrations;
  private Path resultFile;
  private StringWriter out = new StringWriter();
  private StringWriter err = new StringWriter();

  @BeforeEach
  void sources() throws IOException {
    migrations = Files.createDirectory(work.resolve("migrations"));
    resultFile = work.resolve("result.json");
  }

  private int run(String... args) {
    out = new StringWriter();
    err = new StringWriter();
    CommandLine commandLine = DbMigrate.commandLine(Map.of("DBMIGRATE_URL", db.postgresUrl()));
    commandLine.setOut(new PrintWriter(out));
    commandLine.setErr(new PrintWriter(err));
    return commandLine.execute(args);
  }

  private int withMigrations(String command, String... more) {
    List<String> args = new ArrayList<>(List.of(command, "--migrations", migrations.toString()));
    args.addAll(List.of(more));
    return run(args.toArray(String[]::new));
  }

  private void file(String name, String sql) throws IOException {
    Files.writeString(migrations.resolve(name), sql);
  }

  /**
   * V1, V2 and R__names applied; then R__names changed, V3 failed (outside a transaction), V4 new.
   */
  private void appliedPendingAndFailed() throws IOException {
    file("V1__country.sql", "CREATE TABLE country (code text PRIMARY KEY);");
    file("V2__city.sql", "CREATE TABLE city (id int);");
    file("R__names.sql", "CREATE OR REPLACE VIEW names AS SELECT code FROM country;");
    assertThat(withMigrations("migrate")).as(err.toString()).isZero();
    file("R__names.sql", "CREATE OR REPLACE VIEW names AS SELECT code, 1 AS n FROM country;");
    file("V3__index.sql", "CREATE INDEX CONCURRENTLY missing_id ON missing (id);");
    assertThat(withMigrations("migrate")).isEqualTo(1);
    file("V4__street.sql", "CREATE TABLE street (id int);");
  }

  @Test
  void infoShowsAppliedPendingAndFailedEntriesAndCountsThem() throws Exception {
    appliedPendingAndFailed();
    List<String> before = db.column(HISTORY);

    assertThat(withMigrations("info")).as(err.toString()).isZero();
    assertThat(out.toString().lines().toList())
        .first()
        .asString()
        .matches(
            "Category +\\| Version \\| Description \\| Type +\\| Installed on +\\| State +\\|"
                + " Checksum matches");
    assertThat(out.toString())
        .containsPattern(
            "Versioned +\\| 1 +\\| country +\\| SQL +\\| \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d \\| Success +\\| yes")
        .containsPattern(
            "Repeatable +\\| +\\| names +\\| SQL repeatable \\| [-0-9: ]+\\| Outdated +\\| no")
        .containsPattern("Versioned +\\| 3 +\\| index +\\| SQL +\\| [-0-9: ]+\\| Failed +\\|")
        .containsPattern("Versioned +\\| 4 +\\| street +\\| SQL +\\| +\\| Pending +\\| —")
        .contains("3 applied, 2 pending, 1 failed, 0 out of order, 0 ignored, 0 future, 0 missing");

    assertThat(withMigrations("info", "--output", "json")).as(err.toString()).isZero();
    JsonNode info = new ObjectMapper().readTree(out.toString());
    assertThat(info.get("counts").get("applied").asInt()).isEqualTo(3);
    assertThat(info.get("counts").get("pending").asInt()).isEqualTo(2);
    assertThat(info.get("counts").get("failed").asInt()).isEqualTo(1);
    JsonNode first = info.get("migrations").get(0);
    assertThat(first.get("version").asText()).isEqualTo("1");
    assertThat(first.get("script").asText()).isEqualTo("V1__country.sql");
    assertThat(first.get("type").asText()).isEqualTo("SQL");
    assertThat(first.get("state").asText()).isEqualTo("Success");
    assertThat(first.get("checksumMatches").asBoolean()).isTrue();
    assertThat(first.get("repeatable").asBoolean()).isFalse();
    assertThat(first.get("installedOn").asText()).matches("\\d{4}-.*Z");
    assertThat(info.get("migrations"))
        .anySatisfy(
            m -> {
              assertThat(m.get("script").asText()).isEqualTo("R__names.sql");
              assertThat(m.get("state").asText()).isEqualTo("Pending");
              assertThat(m.get("repeatable").asBoolean()).isTrue();
              assertThat(m.get("checksumMatches").isNull()).isTrue();
            });
    assertThat(db.column(HISTORY)).as("info changes nothing").isEqualTo(before);
  }

  @Test
  void infoOnAnUnreachableDatabaseExitsOne() throws IOException {
    file("V1__country.sql", "SELECT 1;");

    assertThat(
            withMigrations("info", "--url", "postgres://postgres:hunter2@127.0.0.1:1/" + db.name()))
        .isEqualTo(1);
    assertThat(err.toString())
        .startsWith("info failed: cannot reach the database at 127.0.0.1:1/")
        .doesNotContain("hunter2");
  }

  @Test
  void infoWithMissingSourcesExitsOne() {
    assertThat(run("info", "--migrations", work.resolve("absent").toString())).isEqualTo(1);
    assertThat(err.toString())
        .isEqualTo(
            "info failed: migrations directory "
                + work.resolve("absent")
                + " does not exist or is not a directory"
                + System.lineSeparator());
  }

  /** Flyway creates its history table before the first migration runs, and keeps it if it fails. */
  @Test
  void baselineAfterARunThatLeftAnEmptyHistorySaysWhatToDo() throws IOException {
    file("V1__bad.sql", "INSERT INTO nowhere VALUES (1);");
    assertThat(withMigrations("migrate")).isEqualTo(1);
    db.execute("CREATE TABLE country (code text PRIMARY KEY)");

    assertThat(run("baseline", "--version", "1")).isEqualTo(1);

    assertThat(err.toString())
        .startsWith(
            "baseline failed: Unable to baseline schema history table \"public\".\"flyway_schema_history\""
                + " as it already exists, and is empty. Delete the schema history table, and run"
                + " baseline again.");
    assertThat(db.column("SELECT count(*)::text FROM flyway_schema_history")).containsExactly("0");
  }

  @Test
  void baselineOnExistingTablesThenMigrateAppliesOnlyWhatIsAbove() throws IOException {
    db.execute("CREATE TABLE country (code text PRIMARY KEY); CREATE TABLE city (id int)");
    file("V1__country.sql", "CREATE TABLE country (code text PRIMARY KEY);");
    file("V2__city.sql", "CREATE TABLE city (id int);");
    file("V3__street.sql", "CREATE TABLE street (id int);");
    assertThat(withMigrations("migrate")).isEqualTo(1);
    assertThat(err.toString())
        .contains("\"public\" has objects but no schema history table")
        .contains("dbmigrate baseline --version V");

    assertThat(run("baseline", "--version", "2", "--description", "before Flyway"))
        .as(err.toString())
        .isZero();
    assertThat(out.toString())
        .isEqualTo(
            "baselined at version 2 ('before Flyway'): runs will apply only the migrations above it"
                + System.lineSeparator());
    assertThat(run("baseline", "--version", "2")).as(err.toString()).isZero();
    assertThat(out.toString())
        .startsWith("already baselined at version 2 ('before Flyway'): nothing to do");

    assertThat(withMigrations("migrate")).as(err.toString()).isZero();
    assertThat(out.toString()).contains("applied 3 street (V3__street.sql)");
    assertThat(out.toString()).doesNotContain("V1__country.sql").doesNotContain("V2__city.sql");
    assertThat(db.column(HISTORY)).hasSize(2).last().asString().startsWith("3:V3__street.sql:true");
    assertThat(withMigrations("info")).isZero();
    assertThat(out.toString())
        .contains("1 applied, 0 pending")
        .contains("baselined at 2 (2 below it)");
  }

  @Test
  void baselineTakesItsDescriptionFromTheSettingsWhenNoneIsGiven() {
    db.execute("CREATE TABLE country (code text PRIMARY KEY)");

    assertThat(run("baseline", "--version", "1", "--flyway", "baselineDescription=adopted by hand"))
        .as(err.toString())
        .isZero();

    assertThat(out.toString()).startsWith("baselined at version 1 ('adopted by hand')");
    assertThat(db.column("SELECT description FROM flyway_schema_history"))
        .containsExactly("adopted by hand");
  }

  @Test
  void baselineIsRefusedWhenTheHistoryHasAnotherBaselineOrMigrations() throws IOException {
    assertThat(run("baseline", "--version", "1.5")).as(err.toString()).isZero();
    List<String> baselined = db.column(HISTORY);

    assertThat(run("baseline", "--version", "2")).isEqualTo(1);
    assertThat(err.toString())
        .startsWith(
            "baseline failed: the schema history already has a baseline at version 1.5"
                + " ('<< Flyway Baseline >>'); a database is baselined once");
    assertThat(db.column(HISTORY)).isEqualTo(baselined);

    PostgresDatabase migrated = new PostgresDatabase().create();
    try {
      file("V1__country.sql", "CREATE TABLE country (code text PRIMARY KEY);");
      assertThat(withMigrations("migrate", "--url", migrated.postgresUrl())).isZero();

      assertThat(run("baseline", "--url", migrated.postgresUrl(), "--version", "1")).isEqualTo(1);
      assertThat(err.toString())
          .startsWith(
              "baseline failed: the schema history already records 1 migration: 1"
                  + " (V1__country.sql); baseline is only for a database with existing objects"
                  + " and no history");
    } finally {
      migrated.close();
    }
  }

  @Test
  void repairRemovesAFailedEntryThenMigrateRunsClean() throws IOException {
    appliedPendingAndFailed();
    withMigrations("migrate");
    assertThat(err.toString())
        .contains("V3__index.sql (version 3) failed in an earlier run")
        .contains(
            "then clear the failed entry with dbmigrate repair (for a DatabaseMigration:"
                + " the annotation dbmigrate.io/repair-requested=<token>)")
        .contains("repair does not");
    file("V3__index.sql", "CREATE TABLE missing (id int); ");

    assertThat(withMigrations("repair", "--result-file", resultFile.toString()))
        .as(err.toString())
        .isZero();
    assertThat(out.toString())
        .startsWith("removed failed migration 3 (V3__index.sql)" + System.lineSeparator())
        .contains(RepairCommand.LEFT_BEHIND);
    RepairResult result = new RepairResultJson().fromJson(Files.readString(resultFile));
    assertThat(result.succeeded()).isTrue();
    assertThat(result.removed())
        .containsExactly(new RepairResult.Repaired("3", "V3__index.sql", null));
    assertThat(result.realigned()).isEmpty();
    assertThat(db.column(HISTORY)).noneMatch(row -> row.contains(":false:"));

    assertThat(withMigrations("migrate")).as(err.toString()).isZero();
    assertThat(out.toString())
        .contains("applied 3 index (V3__index.sql)")
        .contains("applied 4 street (V4__street.sql)")
        .contains("applied repeatable names (R__names.sql)");
    assertThat(withMigrations("repair")).isZero();
    assertThat(out.toString())
        .isEqualTo(
            "nothing to repair: no failed entries, and every applied migration matches its file"
                + System.lineSeparator());
  }

  @Test
  void repairRealignsTheChecksumOfAnEditedMigration() throws IOException {
    file("V1__country.sql", "CREATE TABLE country (code text PRIMARY KEY);");
    file("V2__city.sql", "CREATE TABLE city (id int);");
    assertThat(withMigrations("migrate")).isZero();
    file("V2__city.sql", "-- cities\nCREATE TABLE city (id int);");
    assertThat(withMigrations("migrate")).isEqualTo(1);
    assertThat(err.toString())
        .contains("V2__city.sql (version 2) was changed after it was applied")
        .contains(
            "accept it with dbmigrate repair (for a DatabaseMigration: the annotation"
                + " dbmigrate.io/repair-requested=<token>): it realigns the recorded checksum and"
                + " applies nothing");

    assertThat(withMigrations("repair", "--result-file", resultFile.toString()))
        .as(err.toString())
        .isZero();

    assertThat(out.toString())
        .startsWith("realigned checksum of migration 2 (V2__city.sql)" + System.lineSeparator())
        .contains(RepairCommand.NOT_REAPPLIED)
        .doesNotContain(RepairCommand.LEFT_BEHIND);
    assertThat(new RepairResultJson().fromJson(Files.readString(resultFile)).realigned())
        .containsExactly(new RepairResult.Repaired("2", "V2__city.sql", "checksum"));
    assertThat(withMigrations("migrate")).as(err.toString()).isZero();
    assertThat(out.toString()).contains("0 applied, 0 pending");
  }

  @Test
  void repairIsRefusedWhenTheSourcesLackAnAppliedMigration() throws IOException {
    file("V1__country.sql", "CREATE TABLE country (code text PRIMARY KEY);");
    file("V2__city.sql", "CREATE TABLE city (id int);");
    assertThat(withMigrations("migrate")).isZero();
    Files.delete(migrations.resolve("V2__city.sql"));
    List<String> before = db.column(HISTORY);

    assertThat(withMigrations("repair", "--result-file", resultFile.toString())).isEqualTo(1);

    assertThat(err.toString())
        .startsWith(
            "repair failed: version 2 (V2__city.sql) is applied in the database but missing from"
                + " the migrations, and repair would mark it deleted; run it with sources that"
                + " contain it");
    assertThat(db.column(HISTORY)).isEqualTo(before);
    RepairResult result = new RepairResultJson().fromJson(Files.readString(resultFile));
    assertThat(result.succeeded()).isFalse();
    assertThat(result.error().message()).startsWith("version 2 (V2__city.sql) is applied");
  }

  @Test
  void planMarksRepeatablesNewOrChanged() throws IOException {
    file("V1__country.sql", "CREATE TABLE country (code text PRIMARY KEY);");
    file("R__names.sql", "CREATE OR REPLACE VIEW names AS SELECT code FROM country;");
    assertThat(withMigrations("migrate")).isZero();
    file("R__names.sql", "CREATE OR REPLACE VIEW names AS SELECT code, 1 AS n FROM country;");
    file("R__codes.sql", "CREATE OR REPLACE VIEW codes AS SELECT code FROM country;");

    assertThat(withMigrations("plan")).as(err.toString()).isZero();
    assertThat(out.toString())
        .contains("pending migrations: 2")
        .containsPattern("  R__codes.sql \\(repeatable, new, checksum -?\\d+\\)")
        .containsPattern("  R__names.sql \\(repeatable, checksum changed, now -?\\d+\\)")
        .doesNotContain("below baseline");

    assertThat(withMigrations("plan", "--output", "json")).isZero();
    PlanResult plan = new PlanResultJson().fromJson(out.toString());
    assertThat(plan.pending())
        .extracting(p -> p.script() + ":" + p.repeatable() + ":" + p.changed())
        .containsExactlyInAnyOrder("R__codes.sql:true:false", "R__names.sql:true:true");
    assertThat(out.toString()).contains("\"repeatable\":true").doesNotContain("baseline");
  }

  @Test
  void planShowsWhatABaselineCountsAsApplied() throws IOException {
    db.execute("CREATE TABLE a (id int); CREATE TABLE b (id int); CREATE TABLE c (id int)");
    for (String name : List.of("a", "b", "c", "d")) {
      file(
          "V" + (name.charAt(0) - 'a' + 1) + "__" + name + ".sql",
          "CREATE TABLE " + name + " (id int);");
    }
    String[] baselineOnMigrate = {
      "--flyway", "baselineOnMigrate=true", "--flyway", "baselineVersion=3"
    };

    assertThat(withMigrations("plan", baselineOnMigrate)).as(err.toString()).isZero();
    assertThat(out.toString())
        .contains("pending migrations: 1")
        .contains("  4 V4__d.sql (checksum")
        .contains(
            "below baseline 3 (the run records the baseline): V1__a.sql, V2__b.sql, V3__c.sql");

    assertThat(withMigrations("plan", concat(baselineOnMigrate, "--output", "json"))).isZero();
    PlanResult plan = new PlanResultJson().fromJson(out.toString());
    assertThat(plan.baseline().version()).isEqualTo("3");
    assertThat(plan.baseline().recordedByRun()).isTrue();
    assertThat(plan.baseline().migrations()).containsExactly("V1__a.sql", "V2__b.sql", "V3__c.sql");

    assertThat(withMigrations("migrate", baselineOnMigrate)).as(err.toString()).isZero();
    assertThat(out.toString()).contains("applied 4 d (V4__d.sql)").doesNotContain("V1__a.sql");
    assertThat(withMigrations("plan")).isZero();
    assertThat(out.toString())
        .contains("no pending migrations")
        .contains("below baseline 3: V1__a.sql, V2__b.sql, V3__c.sql");
  }

  private static String[] concat(String[] first, String... more) {
    List<String> all = new ArrayList<>(List.of(first));
    all.addAll(List.of(more));
    return all.toArray(String[]::new);
  }
}
