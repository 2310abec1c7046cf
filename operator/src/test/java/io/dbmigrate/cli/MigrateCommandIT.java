package io.dbmigrate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.dbmigrate.runner.RunResult;
import io.dbmigrate.runner.RunResultJson;
import io.dbmigrate.testing.PostgresDatabase;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class MigrateCommandIT {
  @RegisterExtension final PostgresDatabase db = new PostgresDatabase();
  @TempDir Path work;

  private Path migrations;
  private Path resultFile;
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  @BeforeEach
  void sources() throws IOException {
    migrations = Files.createDirectory(work.resolve("migrations"));
    resultFile = work.resolve("result.json");
    Files.writeString(migrations.resolve("V1__init.sql"), "CREATE TABLE shop (id int);");
    Files.writeString(migrations.resolve("V2__users.sql"), "CREATE TABLE users (id int);");
  }

  private int run(Map<String, String> environment, String... args) {
    CommandLine commandLine = DbMigrate.commandLine(environment);
    commandLine.setOut(new PrintWriter(out));
    commandLine.setErr(new PrintWriter(err));
    return commandLine.execute(args);
  }

  private RunResult result() throws IOException {
    return new RunResultJson().fromJson(Files.readString(resultFile));
  }

  @Test
  void migratesWithTheUrlFromTheEnvironment() throws IOException {
    int exit =
        run(
            Map.of("DBMIGRATE_URL", db.postgresUrl()),
            "migrate",
            "--migrations",
            migrations.toString(),
            "--result-file",
            resultFile.toString());

    assertThat(exit).as(err.toString()).isZero();
    assertThat(out.toString())
        .containsPattern("applied 1 init \\(V1__init.sql\\) in \\d+ ms")
        .containsPattern("applied 2 users \\(V2__users.sql\\) in \\d+ ms")
        .containsPattern("database at version 2: 2 applied, 0 pending, \\d+ ms");
    RunResult result = result();
    assertThat(result.status()).isEqualTo(RunResult.Status.Succeeded);
    assertThat(result.currentVersion()).isEqualTo("2");
    assertThat(result.appliedCount()).isEqualTo(2);
    assertThat(Files.readString(resultFile)).startsWith("{\"status\":\"Succeeded\"");
  }

  @Test
  void takesUsernameAndPasswordFromTheEnvironmentAndNeverPrintsThePassword() throws IOException {
    int exit =
        run(
            Map.of(
                "DBMIGRATE_URL",
                "jdbc:postgresql://127.0.0.1:1/" + db.name(),
                "DBMIGRATE_USERNAME",
                "app",
                "DBMIGRATE_PASSWORD",
                "hunter2"),
            "migrate",
            "--migrations",
            migrations.toString(),
            "--result-file",
            resultFile.toString());

    assertThat(exit).isEqualTo(1);
    assertThat(err.toString())
        .startsWith("migration failed: ")
        .contains("127.0.0.1:1")
        .contains("as app")
        .doesNotContain("hunter2");
    assertThat(Files.readString(resultFile))
        .contains("\"status\":\"Failed\"")
        .doesNotContain("hunter2");
  }

  @Test
  void theUrlOptionWinsOverTheEnvironment() {
    int exit =
        run(
            Map.of("DBMIGRATE_URL", "jdbc:postgresql://127.0.0.1:1/nowhere"),
            "migrate",
            "--url",
            db.jdbcUrl(),
            "--username",
            "postgres",
            "--migrations",
            migrations.toString(),
            "--target",
            "1");

    assertThat(exit).as(err.toString()).isZero();
    assertThat(out.toString()).contains("database at version 1: 1 applied, 0 pending");
  }

  @Test
  void aFailingMigrationExitsWithOneAndWritesTheResult() throws IOException {
    Files.writeString(migrations.resolve("V3__bad.sql"), "SELECT * FROM nope;");

    int exit =
        run(
            Map.of("DBMIGRATE_URL", db.postgresUrl()),
            "migrate",
            "--migrations",
            migrations.toString(),
            "--result-file",
            resultFile.toString());

    assertThat(exit).isEqualTo(1);
    assertThat(out.toString()).contains("applied 2 users (V2__users.sql)");
    assertThat(err.toString())
        .startsWith(
            "migration failed: migration V3__bad.sql (version 3) failed: ERROR: relation \"nope\" does not exist");
    RunResult result = result();
    assertThat(result.status()).isEqualTo(RunResult.Status.Failed);
    assertThat(result.error().version()).isEqualTo("3");
    assertThat(result.error().script()).isEqualTo("V3__bad.sql");
  }

  @Test
  void aMalformedUrlIsAFailedRunWithAResult() throws IOException {
    int exit =
        run(
            Map.of("DBMIGRATE_URL", "sqlserver://app:hunter2@db/shop"),
            "migrate",
            "--migrations",
            migrations.toString(),
            "--result-file",
            resultFile.toString());

    assertThat(exit).isEqualTo(1);
    assertThat(err.toString())
        .startsWith("migration failed: unsupported database URL")
        .doesNotContain("hunter2");
    assertThat(result().error().message()).contains("jdbc:postgresql://");
  }

  @Test
  void usageErrorsExitWithTwo() {
    assertThat(run(Map.of(), "migrate", "--migrations", migrations.toString())).isEqualTo(2);
    assertThat(err.toString()).contains("DBMIGRATE_URL");
    assertThat(run(Map.of("DBMIGRATE_URL", db.jdbcUrl()), "migrate")).isEqualTo(2);
    assertThat(
            run(
                Map.of("DBMIGRATE_URL", db.jdbcUrl()),
                "migrate",
                "--password",
                "x",
                "--migrations",
                migrations.toString()))
        .isEqualTo(2);
  }

  @Test
  void aMigrationBlockedByAnOpenTransactionExitsNonZeroNamingTheSession() throws Exception {
    run(Map.of(), "migrate", "--url", db.postgresUrl(), "--migrations", migrations.toString());
    Files.writeString(migrations.resolve("V3__note.sql"), "ALTER TABLE shop ADD COLUMN note text;");
    try (Connection app = db.connect();
        Statement statement = app.createStatement()) {
      statement.execute("SET application_name = 'billing-api'");
      app.setAutoCommit(false);
      statement.execute("SELECT count(*) FROM shop");

      int exit =
          run(
              Map.of(),
              "migrate",
              "--url",
              db.postgresUrl(),
              "--migrations",
              migrations.toString(),
              "--lock-timeout",
              "1s",
              "--lock-retries",
              "1",
              "--result-file",
              resultFile.toString());

      assertThat(exit).isEqualTo(1);
      assertThat(err.toString())
          .contains(
              "migration failed: migration V3__note.sql (version 3) could not take a lock within"
                  + " 1 s (lock timeout), 2 attempts: it waited for a lock on table shop held by pid")
          .contains("(billing-api, user postgres, idle in transaction for");
      assertThat(result().error().script()).isEqualTo("V3__note.sql");
      app.rollback();
    }
    assertThat(
            db.column(
                "SELECT column_name FROM information_schema.columns"
                    + " WHERE table_name = 'shop'"))
        .containsExactly("id");
  }
}
