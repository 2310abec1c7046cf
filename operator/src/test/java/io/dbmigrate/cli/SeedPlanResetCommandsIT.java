package io.dbmigrate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.dbmigrate.runner.PlanResult;
import io.dbmigrate.runner.PlanResultJson;
import io.dbmigrate.runner.RunResult;
import io.dbmigrate.runner.RunResultJson;
import io.dbmigrate.runner.SeedOutcome;
import io.dbmigrate.testing.PostgresDatabase;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** migrate with seeds and a backup, plan and reset, end to end in-process. */
class SeedPlanResetCommandsIT {
  @RegisterExtension final PostgresDatabase db = new PostgresDatabase();
  @TempDir Path work;

  private Path migrations;
  private Path reference;
  private Path demo;
  private Path resultFile;
  private StringWriter out = new StringWriter();
  private StringWriter err = new StringWriter();

  @BeforeEach
  void sources() throws IOException {
    migrations = Files.createDirectory(work.resolve("migrations"));
    reference = Files.createDirectory(work.resolve("reference"));
    demo = Files.createDirectory(work.resolve("demo"));
    resultFile = work.resolve("result.json");
    Files.writeString(
        migrations.resolve("V1__init.sql"),
        "CREATE TABLE country (code text PRIMARY KEY, name text); CREATE TABLE users (id int PRIMARY KEY, name text);");
    Files.writeString(
        reference.resolve("001_countries.sql"),
        "INSERT INTO country VALUES ('de', 'Germany') ON CONFLICT (code) DO UPDATE SET name = EXCLUDED.name;");
    Files.writeString(
        reference.resolve("002_more.sql"),
        "INSERT INTO country VALUES ('fr', 'France') ON CONFLICT (code) DO UPDATE SET name = EXCLUDED.name;");
    Files.writeString(demo.resolve("001_users.sql"), "INSERT INTO users VALUES (1, 'alice');");
  }

  private int run(String... args) {
    out = new StringWriter();
    err = new StringWriter();
    CommandLine commandLine = DbMigrate.commandLine(Map.of("DBMIGRATE_URL", db.postgresUrl()));
    commandLine.setOut(new PrintWriter(out));
    commandLine.setErr(new PrintWriter(err));
    return commandLine.execute(args);
  }

  private String[] withSources(String command, String environment, String... more) {
    String[] base = {
      command,
      "--migrations",
      migrations.toString(),
      "--environment",
      environment,
      "--seed",
      "reference-data=" + reference,
      "--seed",
      "demo-users=" + demo + "@development",
      "--result-file",
      resultFile.toString()
    };
    String[] all = new String[base.length + more.length];
    System.arraycopy(base, 0, all, 0, base.length);
    System.arraycopy(more, 0, all, base.length, more.length);
    return all;
  }

  @Test
  void migratePrintsOneLinePerSeedAndWritesThemToTheResult() throws IOException {
    int exit = run(withSources("migrate", "production"));

    assertThat(exit).as(err.toString()).isZero();
    assertThat(out.toString())
        .contains("seed reference-data: 2 of 2 files applied")
        .contains("seed demo-users: skipped in production")
        .contains("database at version 1: 1 applied, 0 pending");
    RunResult result = new RunResultJson().fromJson(Files.readString(resultFile));
    assertThat(result.seeds())
        .extracting(s -> s.status())
        .containsExactly(SeedOutcome.Applied, SeedOutcome.Skipped);

    assertThat(run(withSources("migrate", "production"))).isZero();
    assertThat(out.toString()).contains("seed reference-data: 0 of 2 files applied");
  }

  @Test
  void aFailingSeedExitsWithOneAndExplains() throws IOException {
    run(withSources("migrate", "development"));

    int exit = run(withSources("migrate", "development", "--seed", "again=" + demo));

    assertThat(exit).isEqualTo(1);
    assertThat(out.toString())
        .contains("seed again: failed in 001_users.sql after 0 of 1 files applied");
    assertThat(err.toString())
        .startsWith("migration failed: seed again failed in 001_users.sql: ERROR: duplicate key")
        .contains("ON CONFLICT");
    assertThat(new RunResultJson().fromJson(Files.readString(resultFile)).error().script())
        .isEqualTo("again/001_users.sql");
  }

  @Test
  void migrateBacksUpWhenSomethingIsPendingOnly() throws IOException {
    Path backups = work.resolve("backups");

    assertThat(run(withSources("migrate", "production", "--backup-dir", backups.toString())))
        .isZero();
    assertThat(out.toString())
        .containsPattern("backed up to .*" + db.name() + "-\\d{8}T\\d{6}Z\\.sql \\(\\d+ bytes\\)");
    assertThat(new RunResultJson().fromJson(Files.readString(resultFile)).backup()).isNotNull();

    assertThat(run(withSources("migrate", "production", "--backup-dir", backups.toString())))
        .isZero();
    assertThat(out.toString()).doesNotContain("backed up");
    try (var files = Files.list(backups)) {
      assertThat(files).hasSize(1);
    }
  }

  @Test
  void aBogusPgDumpFailsTheRunBeforeAnyChange() {
    CommandLine commandLine =
        DbMigrate.commandLine(
            Map.of(
                "DBMIGRATE_URL",
                db.postgresUrl(),
                "DBMIGRATE_PG_DUMP",
                work.resolve("missing").toString()));
    commandLine.setOut(new PrintWriter(out));
    commandLine.setErr(new PrintWriter(err));

    int exit =
        commandLine.execute(withSources("migrate", "production", "--backup-dir", work.toString()));

    assertThat(exit).isEqualTo(1);
    assertThat(err.toString()).startsWith("migration failed: backup failed, nothing was changed");
    assertThat(db.tableExists("country")).isFalse();
  }

  @Test
  void planPrintsTextAndWritesJsonWithoutChangingAnything() throws IOException {
    int exit = run(withSources("plan", "production"));

    assertThat(exit).as(err.toString()).isZero();
    assertThat(out.toString())
        .containsPattern(
            "plan for environment production\\R"
                + "pending migrations: 1\\R"
                + "  1 V1__init.sql \\(checksum -?\\d+\\)\\R"
                + "seed reference-data: 2 files would run: 001_countries.sql, 002_more.sql\\R"
                + "seed demo-users: skipped in production\\R"
                + "no problems\\R");
    PlanResult plan = new PlanResultJson().fromJson(Files.readString(resultFile));
    assertThat(plan.pending()).hasSize(1);
    assertThat(db.tableExists("flyway_schema_history")).isFalse();
    assertThat(db.tableExists("dbmigrate_seed_history")).isFalse();
  }

  @Test
  void planPrintsJsonOnRequestAndReportsProblemsWithExitZero() throws IOException {
    run(withSources("migrate", "production"));
    Files.writeString(migrations.resolve("V1__init.sql"), "CREATE TABLE country (code text);");

    int exit = run(withSources("plan", "production", "--output", "json"));

    assertThat(exit).as(err.toString()).isZero();
    PlanResult printed = new PlanResultJson().fromJson(out.toString());
    assertThat(printed.problems())
        .singleElement()
        .asString()
        .contains("V1__init.sql")
        .contains("changed");
    assertThat(out.toString().strip()).isEqualTo(Files.readString(resultFile));
  }

  @Test
  void planExitsWithOneWhenNoPlanCanBeMade() throws IOException {
    CommandLine commandLine =
        DbMigrate.commandLine(Map.of("DBMIGRATE_URL", "postgresql://app:hunter2@127.0.0.1:1/x"));
    commandLine.setOut(new PrintWriter(out));
    commandLine.setErr(new PrintWriter(err));

    int exit = commandLine.execute(withSources("plan", "production"));

    assertThat(exit).isEqualTo(1);
    assertThat(err.toString()).startsWith("plan failed: cannot reach").doesNotContain("hunter2");
    assertThat(Files.readString(resultFile)).contains("plan failed").doesNotContain("hunter2");
  }

  @Test
  void resetIsRefusedBeforeConnectingOutsideDevelopmentOrWithoutYes() {
    run(withSources("migrate", "production"));

    assertThat(run(withSources("reset", "production", "--yes"))).isEqualTo(2);
    assertThat(err.toString()).contains("reset refused in environment production");
    assertThat(run(withSources("reset", "development"))).isEqualTo(2);
    assertThat(err.toString()).contains("--yes");
    // Refused before the URL is even read: an unreachable database makes no difference.
    CommandLine nowhere = DbMigrate.commandLine(Map.of());
    nowhere.setErr(new PrintWriter(new StringWriter()));
    assertThat(nowhere.execute(withSources("reset", "staging", "--yes"))).isEqualTo(2);
    assertThat(db.column("SELECT count(*) FROM country")).containsExactly("2");
    assertThat(Files.exists(resultFile)).isTrue();
  }

  @Test
  void resetInDevelopmentCleansMigratesAndSeeds() throws IOException {
    run(withSources("migrate", "development"));
    db.execute("CREATE TABLE scratch (id int)");
    db.execute("DELETE FROM users");

    int exit = run(withSources("reset", "development", "--yes"));

    assertThat(exit).as(err.toString()).isZero();
    assertThat(out.toString())
        .contains("reset: schema cleaned")
        .contains("seed demo-users: 1 of 1 files applied");
    assertThat(db.tableExists("scratch")).isFalse();
    assertThat(db.column("SELECT name FROM users")).containsExactly("alice");
    assertThat(new RunResultJson().fromJson(Files.readString(resultFile)).succeeded()).isTrue();
  }

  @Test
  void aMalformedSeedIsAUsageError() {
    assertThat(run("migrate", "--migrations", migrations.toString(), "--seed", "no-directory"))
        .isEqualTo(2);
    assertThat(err.toString()).contains("--seed").contains("NAME=DIR");
  }
}
