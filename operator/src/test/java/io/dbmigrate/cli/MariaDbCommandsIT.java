package io.dbmigrate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dbmigrate.testing.CapturedLogs;
import io.dbmigrate.testing.MariaDbDatabase;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

/** The CLI on a real MariaDB: migrate, plan, info, health; and no password anywhere it writes. */
class MariaDbCommandsIT {
  @RegisterExtension final MariaDbDatabase db = new MariaDbDatabase();
  @TempDir Path work;

  private Path migrations;
  private StringWriter out = new StringWriter();
  private StringWriter err = new StringWriter();

  @BeforeEach
  void sources() throws IOException {
    migrations = Files.createDirectory(work.resolve("migrations"));
    Files.writeString(migrations.resolve("V1__init.sql"), "CREATE TABLE shop (id int);");
    Files.writeString(migrations.resolve("V2__more.sql"), "ALTER TABLE shop ADD name text;");
  }

  private int run(Map<String, String> environment, String... args) {
    out = new StringWriter();
    err = new StringWriter();
    CommandLine commandLine = DbMigrate.commandLine(environment);
    commandLine.setOut(new PrintWriter(out));
    commandLine.setErr(new PrintWriter(err));
    return commandLine.execute(args);
  }

  private Map<String, String> env() {
    return Map.of("DBMIGRATE_URL", db.mariadbUrl());
  }

  private int migrate(Map<String, String> environment) {
    return run(
        environment,
        "migrate",
        "--migrations",
        migrations.toString(),
        "--result-file",
        work.resolve("result.json").toString());
  }

  @Test
  void migratePlanInfoAndHealthWorkOnMariaDb() throws IOException {
    assertThat(run(env(), "plan", "--migrations", migrations.toString()))
        .as(err.toString())
        .isZero();
    assertThat(out.toString())
        .contains("V1__init.sql")
        .contains("V2__more.sql")
        .contains(
            "caution: MariaDB commits each DDL statement at once: a migration that fails halfway"
                + " keeps its earlier statements and needs repair by hand.");

    assertThat(migrate(env())).as(err.toString()).isZero();
    assertThat(out.toString())
        .contains("applied 1 init (V1__init.sql)")
        .contains("applied 2 more (V2__more.sql)")
        .contains("database at version 2: 2 applied, 0 pending");
    assertThat(db.column("SELECT count(*) FROM shop")).containsExactly("0");

    assertThat(run(env(), "info", "--migrations", migrations.toString()))
        .as(err.toString())
        .isZero();
    assertThat(out.toString()).contains("Versioned | 2       | more        | SQL");

    assertThat(run(env(), "health", "--migrations", migrations.toString()))
        .as(err.toString())
        .isZero();
    JsonNode health = new ObjectMapper().readTree(out.toString());
    assertThat(health.get("status").asText()).isEqualTo("healthy");
    assertThat(health.at("/checks/database/latencyMs").asDouble()).isPositive();
    assertThat(health.at("/checks/migrations/message").asText()).isEqualTo("0 pending, no drift");

    assertThat(migrate(env())).isZero();
    assertThat(out.toString())
        .doesNotContain("applied 1")
        .contains("database at version 2: 0 applied, 0 pending");
  }

  @Test
  void migrateBacksUpFirstAndResetStartsADevelopmentDatabaseAfresh() throws IOException {
    Path backups = work.resolve("backups");
    String backupDir = backups.toString();

    assertThat(
            run(env(), "migrate", "--migrations", migrations.toString(), "--backup-dir", backupDir))
        .as(err.toString())
        .isZero();
    assertThat(out.toString())
        .containsPattern("backed up to .*" + db.name() + "-\\d{8}T\\d{6}Z\\.sql \\(\\d+ bytes\\)")
        .contains("database at version 2: 2 applied, 0 pending");
    db.execute("INSERT INTO shop VALUES (1, 'kept until the reset')");

    assertThat(
            run(
                env(),
                "reset",
                "--environment",
                "development",
                "--yes",
                "--migrations",
                migrations.toString(),
                "--backup-dir",
                backupDir))
        .as(err.toString())
        .isZero();
    assertThat(out.toString())
        .contains("reset: schema cleaned")
        .contains("backed up to")
        .contains("database at version 2: 2 applied, 0 pending");
    assertThat(db.column("SELECT count(*) FROM shop")).containsExactly("0");
    try (var files = Files.list(backups)) {
      // The second dump, before the reset, holds the row the reset dropped.
      assertThat(files.map(this::read))
          .hasSize(2)
          .anyMatch(dump -> dump.contains("kept until the reset"));
    }
  }

  private String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @Test
  void repairClearsAFailedMigrationAndBaselineAdoptsASchema() throws IOException {
    Files.writeString(
        migrations.resolve("V3__broken.sql"), "CREATE TABLE a (id int);\nCREATE TABLE b (oops);");
    assertThat(migrate(env())).isEqualTo(1);
    assertThat(err.toString()).contains("on MariaDB DDL commits implicitly");
    db.execute("DROP TABLE a");
    Files.writeString(migrations.resolve("V3__broken.sql"), "CREATE TABLE a (id int);");

    assertThat(run(env(), "repair", "--migrations", migrations.toString()))
        .as(err.toString())
        .isZero();
    assertThat(out.toString()).startsWith("removed failed migration 3 (V3__broken.sql)");
    assertThat(migrate(env())).as(err.toString()).isZero();
    assertThat(out.toString()).contains("applied 3 broken (V3__broken.sql)");

    MariaDbDatabase adopted = new MariaDbDatabase().create();
    try {
      adopted.execute("CREATE TABLE legacy (id int)");
      Map<String, String> legacy = Map.of("DBMIGRATE_URL", adopted.mariadbUrl());
      assertThat(run(legacy, "baseline", "--version", "2")).as(err.toString()).isZero();
      assertThat(out.toString()).startsWith("baselined at version 2");
      assertThat(migrate(legacy)).as(err.toString()).isZero();
      assertThat(out.toString()).contains("applied 3 broken").doesNotContain("V1__init.sql");
    } finally {
      adopted.close();
    }
  }

  @Test
  void healthWithAPendingMigrationExitsOne() throws IOException {
    assertThat(run(env(), "health", "--migrations", migrations.toString())).isEqualTo(1);
    JsonNode health = new ObjectMapper().readTree(out.toString());
    assertThat(health.at("/checks/database/status").asText()).isEqualTo("healthy");
    assertThat(health.at("/checks/migrations/pending").asInt()).isEqualTo(2);
  }

  @Test
  void anUnreachableMariaDbIsNamedAndExitsOne() throws IOException {
    Map<String, String> nowhere =
        Map.of("DBMIGRATE_URL", "mariadb://app@127.0.0.1:1/shop", "DBMIGRATE_PASSWORD", "Pw-x-9");

    assertThat(migrate(nowhere)).isEqualTo(1);
    assertThat(err.toString())
        .startsWith("migration failed: cannot reach the database at 127.0.0.1:1/shop as app: ")
        .doesNotContain("Pw-x-9");
    assertThat(run(nowhere, "health")).isEqualTo(1);
    assertThat(new ObjectMapper().readTree(out.toString()).get("status").asText())
        .isEqualTo("unhealthy");
  }

  /**
   * A user of its own with a recognisable password, so that the paths run through a real login:
   * success, a failing migration, a failed login.
   */
  @ParameterizedTest
  @ValueSource(strings = {"mysql-user-info", "jdbc-password-parameter"})
  void thePasswordAppearsNowhere(String form) throws IOException {
    String user = "u" + db.name().substring(4, 14);
    String password = "Leak-Maria-" + form + "-Q7x";
    db.execute("CREATE USER '" + user + "'@'%' IDENTIFIED BY '" + password + "'");
    try (CapturedLogs logs = CapturedLogs.start()) {
      db.execute("GRANT ALL ON " + db.name() + ".* TO '" + user + "'@'%'");
      String url =
          form.equals("mysql-user-info")
              ? "mysql://" + user + ":" + password + "@127.0.0.1:3306/" + db.name()
              : "jdbc:mariadb://127.0.0.1:3306/"
                  + db.name()
                  + "?user="
                  + user
                  + "&password="
                  + password;
      Map<String, String> environment = new HashMap<>(Map.of("DBMIGRATE_URL", url));
      StringBuilder written = new StringBuilder();

      assertThat(migrate(environment)).as(err.toString()).isZero();
      written.append(out).append(err).append(Files.readString(work.resolve("result.json")));
      Files.writeString(migrations.resolve("V3__broken.sql"), "CREATE TABLE b (oops);");
      // A dump tool that prints the option file it was given: the redactor masks what leaks.
      Path leaky =
          Files.writeString(
              work.resolve("mariadb-dump"),
              "#!/bin/sh\ncat \"${1#--defaults-extra-file=}\" >&2\nexit 1\n");
      leaky.toFile().setExecutable(true);
      Map<String, String> leakyDump = new HashMap<>(environment);
      leakyDump.put("DBMIGRATE_MARIADB_DUMP", leaky.toString());
      assertThat(
              run(
                  leakyDump,
                  "migrate",
                  "--migrations",
                  migrations.toString(),
                  "--backup-dir",
                  work.resolve("backups").toString(),
                  "--result-file",
                  work.resolve("result.json").toString()))
          .isEqualTo(1);
      assertThat(err.toString())
          .contains("mariadb-dump exited with 1: [client]; host=")
          .contains("password=\"****\"");
      written.append(out).append(err).append(Files.readString(work.resolve("result.json")));
      assertThat(migrate(environment)).isEqualTo(1);
      written.append(out).append(err).append(Files.readString(work.resolve("result.json")));
      for (String command : new String[] {"plan", "info", "health"}) {
        run(environment, command, "--migrations", migrations.toString());
        written.append(out).append(err);
      }
      Map<String, String> wrongDatabase = Map.of("DBMIGRATE_URL", url.replace(db.name(), "nope"));
      assertThat(migrate(wrongDatabase)).isEqualTo(1);
      written.append(out).append(err).append(Files.readString(work.resolve("result.json")));
      Map<String, String> badPort = Map.of("DBMIGRATE_URL", url.replace(":3306/", ":99999/"));
      assertThat(migrate(badPort)).isEqualTo(1);
      written.append(out).append(err);
      written.append(logs.text());

      assertThat(written.toString())
          .contains("failed")
          .contains("access denied")
          .doesNotContain(password);
    } finally {
      db.execute("DROP USER '" + user + "'@'%'");
    }
  }
}
