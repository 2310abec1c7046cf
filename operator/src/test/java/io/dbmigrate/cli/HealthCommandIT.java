package io.dbmigrate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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

class HealthCommandIT {
  private static final String PASSWORD = "s3cret-health";

  @RegisterExtension final PostgresDatabase db = new PostgresDatabase();
  @TempDir Path work;

  private Path migrations;
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  @BeforeEach
  void sources() throws IOException {
    migrations = Files.createDirectory(work.resolve("migrations"));
    Files.writeString(migrations.resolve("V1__init.sql"), "CREATE TABLE shop (id int);");
  }

  private int run(Map<String, String> environment, String... args) {
    CommandLine commandLine = DbMigrate.commandLine(environment);
    commandLine.setOut(new PrintWriter(out));
    commandLine.setErr(new PrintWriter(err));
    return commandLine.execute(args);
  }

  private JsonNode json() throws IOException {
    return new ObjectMapper().readTree(out.toString());
  }

  @Test
  void healthyDatabaseWithItsMigrationsAppliedExitsZero() throws IOException {
    Map<String, String> env =
        Map.of("DBMIGRATE_URL", db.jdbcUrl(), "DBMIGRATE_USERNAME", db.username());
    assertThat(
            run(
                env,
                "migrate",
                "--migrations",
                migrations.toString(),
                "--result-file",
                work.resolve("r.json").toString()))
        .isZero();
    out.getBuffer().setLength(0);

    int exit = run(env, "health", "--migrations", migrations.toString());

    assertThat(exit).as(err.toString()).isZero();
    JsonNode json = json();
    assertThat(json.get("status").asText()).isEqualTo("healthy");
    assertThat(json.get("timestamp").asText()).isNotBlank();
    assertThat(json.at("/checks/database/status").asText()).isEqualTo("healthy");
    assertThat(json.at("/checks/database/latencyMs").asDouble()).isPositive();
    assertThat(json.at("/checks/migrations/pending").asInt()).isZero();
    assertThat(json.at("/checks/migrations/message").asText()).isEqualTo("0 pending, no drift");
  }

  @Test
  void theMigrationsCheckReadsTheHistoryTableTheSettingsName() throws IOException {
    Map<String, String> env =
        Map.of("DBMIGRATE_URL", db.jdbcUrl(), "DBMIGRATE_USERNAME", db.username());
    String[] migrate = {
      "migrate",
      "--migrations",
      migrations.toString(),
      "--table",
      "history",
      "--result-file",
      work.resolve("r.json").toString()
    };
    assertThat(run(env, migrate)).as(err.toString()).isZero();

    out.getBuffer().setLength(0);
    assertThat(run(env, "health", "--migrations", migrations.toString(), "--table", "history"))
        .as(err.toString())
        .isZero();
    assertThat(json().at("/checks/migrations/message").asText()).isEqualTo("0 pending, no drift");

    out.getBuffer().setLength(0);
    assertThat(run(env, "health", "--migrations", migrations.toString())).isEqualTo(1);
    assertThat(json().at("/checks/migrations/pending").asInt())
        .as("flyway_schema_history does not exist: everything looks pending")
        .isPositive();
  }

  @Test
  void pendingMigrationExitsOne() throws IOException {
    int exit =
        run(
            Map.of("DBMIGRATE_USERNAME", db.username()),
            "health",
            "--url",
            db.postgresUrl(),
            "--migrations",
            migrations.toString());

    assertThat(exit).isEqualTo(1);
    assertThat(json().get("status").asText()).isEqualTo("unhealthy");
    assertThat(json().at("/checks/database/status").asText()).isEqualTo("healthy");
    assertThat(json().at("/checks/migrations/status").asText()).isEqualTo("unhealthy");
    assertThat(json().at("/checks/migrations/pending").asInt()).isEqualTo(1);
  }

  @Test
  void unreachableDatabaseExitsOneNamingHostAndPortNotThePassword() throws IOException {
    int exit =
        run(
            Map.of("DBMIGRATE_PASSWORD", PASSWORD),
            "health",
            "--url",
            "postgresql://app:" + PASSWORD + "@127.0.0.1:1/shop",
            "--timeout",
            "1s");

    assertThat(exit).isEqualTo(1);
    JsonNode json = json();
    assertThat(json.get("status").asText()).isEqualTo("unhealthy");
    assertThat(json.at("/checks/database/error").asText())
        .contains("cannot reach the database at 127.0.0.1:1/shop as app");
    assertThat(json.has("checks") && !json.get("checks").has("migrations")).isTrue();
    assertThat(out.toString() + err.toString()).doesNotContain(PASSWORD);
  }

  @Test
  void takesTheTimeoutInIsoFormToo() throws IOException {
    int exit =
        run(
            Map.of("DBMIGRATE_USERNAME", db.username()),
            "health",
            "--url",
            db.postgresUrl(),
            "--timeout",
            "PT5S");

    assertThat(exit).as(err.toString()).isZero();
    assertThat(json().get("status").asText()).isEqualTo("healthy");
  }

  @Test
  void aZeroTimeoutIsRefusedNotRaised() {
    int exit =
        run(
            Map.of("DBMIGRATE_USERNAME", db.username()),
            "health",
            "--url",
            db.postgresUrl(),
            "--timeout",
            "0s");

    assertThat(exit).isEqualTo(2);
    assertThat(out.toString()).isEmpty();
    assertThat(err.toString())
        .contains("Invalid value for option '--timeout': '0s' is too short: use 250ms to 1h");
  }
}
