package io.dbmigrate.runner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dbmigrate.db.ConnectionSettings;
import io.dbmigrate.testing.PostgresDatabase;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

class MigrationPlannerIT {
  /** Everything a plan could leave behind: tables, their row counts, locks held. */
  private static final String STATE =
      "SELECT string_agg(table_schema || '.' || table_name, ',' ORDER BY table_schema,"
          + " table_name) FROM information_schema.tables WHERE table_schema NOT IN ('pg_catalog', 'information_schema')";

  @RegisterExtension final PostgresDatabase db = new PostgresDatabase();
  @TempDir Path work;

  private final MigrationPlanner planner = new MigrationPlanner();
  private ConnectionSettings settings;
  private Path migrations;
  private Path reference;
  private Path demo;

  @BeforeEach
  void sources() throws IOException {
    settings = ConnectionSettings.resolve(db.jdbcUrl(), db.username(), null);
    migrations = Files.createDirectory(work.resolve("migrations"));
    reference = Files.createDirectory(work.resolve("reference"));
    demo = Files.createDirectory(work.resolve("demo"));
    Files.writeString(
        migrations.resolve("V1__init.sql"),
        "CREATE TABLE country (code text PRIMARY KEY, name text);");
    Files.writeString(
        migrations.resolve("R__view.sql"),
        "CREATE OR REPLACE VIEW names AS SELECT name FROM country;");
    Files.writeString(
        reference.resolve("001_countries.sql"),
        "INSERT INTO country VALUES ('de', 'Germany') ON CONFLICT (code) DO NOTHING;");
    Files.writeString(
        reference.resolve("002_more.sql"),
        "INSERT INTO country VALUES ('fr', 'France') ON CONFLICT (code) DO NOTHING;");
    Files.writeString(demo.resolve("001_demo.sql"), "SELECT 1;");
  }

  private RunOptions options(String environment) {
    return new RunOptions(
        List.of(migrations),
        "latest",
        environment,
        List.of(
            new Seed("reference-data", reference, List.of()),
            new Seed("demo", demo, List.of("development"))),
        null);
  }

  private String snapshot() {
    return db.column(STATE)
        + " "
        + (db.tableExists("flyway_schema_history")
            ? db.column(
                "SELECT count(*) || ':' || coalesce(max(installed_rank), 0) FROM flyway_schema_history")
            : "")
        + (db.tableExists("country") ? db.column("SELECT count(*) FROM country") : "")
        + (db.tableExists("dbmigrate_seed_history")
            ? db.column(
                "SELECT string_agg(file || checksum, ',' ORDER BY file) FROM dbmigrate_seed_history")
            : "");
  }

  @Test
  void onAnEmptyDatabaseListsEverythingAndCreatesNothing() {
    String before = snapshot();

    PlanResult plan = planner.plan(settings, options("production"));

    assertThat(snapshot()).isEqualTo(before);
    assertThat(db.column(STATE)).containsExactly((String) null);
    assertThat(db.column("SELECT count(*) FROM pg_locks WHERE locktype = 'advisory'"))
        .containsExactly("0");
    assertThat(plan.pending()).extracting(PendingMigration::version).containsExactly("1", null);
    assertThat(plan.pending())
        .extracting(PendingMigration::script)
        .containsExactly("V1__init.sql", "R__view.sql");
    assertThat(plan.pending()).allSatisfy(m -> assertThat(m.checksum()).isNotNull());
    assertThat(plan.seeds())
        .containsExactly(
            new SeedPlan("reference-data", false, List.of("001_countries.sql", "002_more.sql")),
            new SeedPlan("demo", true, List.of()));
    assertThat(plan.problems()).isEmpty();
    assertThat(plan.hasChanges()).isTrue();
  }

  @Test
  void afterARunOnlyNewAndChangedFilesAreListedAndNothingChanges() throws IOException {
    new MigrationRunner().migrate(settings, options("production"));
    Files.writeString(migrations.resolve("V2__city.sql"), "CREATE TABLE city (id int);");
    Files.writeString(
        reference.resolve("002_more.sql"),
        "INSERT INTO country VALUES ('fr', 'La France') ON CONFLICT (code) DO UPDATE SET name = EXCLUDED.name;");
    String before = snapshot();

    PlanResult plan = planner.plan(settings, options("development"));

    assertThat(snapshot()).isEqualTo(before);
    assertThat(db.tableExists("city")).isFalse();
    assertThat(plan.pending()).extracting(PendingMigration::script).containsExactly("V2__city.sql");
    assertThat(plan.seeds())
        .containsExactly(
            new SeedPlan("reference-data", false, List.of("002_more.sql")),
            new SeedPlan("demo", false, List.of("001_demo.sql")));
    assertThat(plan.problems()).isEmpty();
  }

  /** A database someone else created: the run would refuse it, and the plan says so. */
  @Test
  void aSchemaWithObjectsButNoHistoryIsAProblem() {
    db.execute("CREATE TABLE legacy (id int)");

    PlanResult plan = planner.plan(settings, options("production"));

    assertThat(plan.problems())
        .containsExactly(
            "\"public\" has objects but no schema history table, so it is unknown which"
                + " migrations they stand for. If they are what the migrations up to version V"
                + " created, record that with dbmigrate baseline --version V (or the Flyway"
                + " settings baselineOnMigrate=true and baselineVersion=V), and runs apply only"
                + " the migrations above V; otherwise migrate an empty schema");
    assertThat(new MigrationRunner().migrate(settings, options("production")).error().message())
        .as("the run refuses with the same words")
        .isEqualTo(plan.problems().get(0));
  }

  @Test
  void nothingToDoIsAnEmptyPlan() {
    new MigrationRunner().migrate(settings, options("production"));

    PlanResult plan = planner.plan(settings, options("production"));

    assertThat(plan.pending()).isEmpty();
    assertThat(plan.seeds())
        .containsExactly(
            new SeedPlan("reference-data", false, List.of()),
            new SeedPlan("demo", true, List.of()));
    assertThat(plan.hasChanges()).isFalse();
  }

  @Test
  void listsDriftMissingAndFailedMigrationsAsProblems() throws IOException {
    Files.writeString(migrations.resolve("V2__city.sql"), "CREATE TABLE city (id int);");
    new MigrationRunner().migrate(settings, options("production"));
    Files.writeString(
        migrations.resolve("V1__init.sql"), "CREATE TABLE country (code text PRIMARY KEY);");
    Files.delete(migrations.resolve("V2__city.sql"));
    db.execute(
        "INSERT INTO flyway_schema_history (installed_rank, version, description, type, script, checksum,"
            + " installed_by, execution_time, success) VALUES (10, '3', 'index', 'SQL', 'V3__index.sql', 0,"
            + " 'postgres', 5, false)");
    Files.writeString(migrations.resolve("V3__index.sql"), "CREATE TABLE more (id int);");
    String before = snapshot();

    PlanResult plan = planner.plan(settings, options("production"));

    assertThat(snapshot()).isEqualTo(before);
    assertThat(plan.problems())
        .anySatisfy(
            p ->
                assertThat(p)
                    .contains("V3__index.sql")
                    .contains("recorded as failed")
                    .contains("clear the failed entry with dbmigrate repair"));
    assertThat(plan.problems())
        .anySatisfy(p -> assertThat(p).contains("database is ahead").contains("V2__city.sql"));
    assertThat(plan.problems())
        .anySatisfy(
            p -> assertThat(p).contains("V1__init.sql").contains("changed after it was applied"));
  }

  @Test
  void anUnreachableDatabaseIsNoPlanAndNamesNoPassword() {
    ConnectionSettings unreachable =
        ConnectionSettings.resolve("postgresql://app:hunter2@127.0.0.1:1/x", null, null);

    assertThatThrownBy(() -> planner.plan(unreachable, options("production")))
        .isInstanceOf(MigrationPlanner.PlanFailedException.class)
        .hasMessageContaining("cannot reach")
        .hasMessageNotContaining("hunter2");
  }
}
