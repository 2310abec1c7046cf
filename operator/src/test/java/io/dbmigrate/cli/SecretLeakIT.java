package io.dbmigrate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.dbmigrate.config.RunnerVariables;
import io.dbmigrate.testing.CapturedLogs;
import io.dbmigrate.testing.PostgresDatabase;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;

/**
 * Every command, on every path that quotes a database or a tool, with a recognisable password in
 * every URL form a user may write: the password appears nowhere that leaves the process — standard
 * output, standard error, the logs, the result file. The local server trusts every connection, so a
 * wrong password still connects: the paths are real, not simulated.
 */
class SecretLeakIT {
  @RegisterExtension final PostgresDatabase db = new PostgresDatabase();
  @TempDir Path work;

  private CapturedLogs logs;
  private Path migrations;
  private Path badMigrations;
  private Path seeds;
  private Path fakePgDump;

  /**
   * How a URL carries the password; each form has a password of its own, so a leak names its form.
   */
  enum Form {
    JDBC_USER_INFO("Leak1-jdbcUserinfo-Zq8") {
      String url(String host, int port, String user, String database) {
        return "jdbc:postgresql://"
            + user
            + ":"
            + password
            + "@"
            + host
            + ":"
            + port
            + "/"
            + database;
      }
    },
    JDBC_PASSWORD_PARAMETER("Leak2-jdbcParam-Xw4") {
      String url(String host, int port, String user, String database) {
        return "jdbc:postgresql://"
            + host
            + ":"
            + port
            + "/"
            + database
            + "?user="
            + user
            + "&password="
            + password;
      }
    },
    POSTGRES_ENCODED_DELIMITERS("Leak3/#?@:%-Rk7 x+y") {
      String url(String host, int port, String user, String database) {
        return "postgres://"
            + user
            + ":"
            + strictlyEncoded(password)
            + "@"
            + host
            + ":"
            + port
            + "/"
            + database;
      }
    },
    POSTGRES_UNENCODED_AT_AND_COLON("Leak4:at@Hj5") {
      String url(String host, int port, String user, String database) {
        return "postgresql://" + user + ":" + password + "@" + host + ":" + port + "/" + database;
      }
    },
    POSTGRES_UNENCODED_SLASH("Leak5/raw-Mn3") {
      String url(String host, int port, String user, String database) {
        return "postgres://" + user + ":" + password + "@" + host + ":" + port + "/" + database;
      }
    },
    POSTGRES_UNENCODED_HASH_AND_QUESTION("Leak6#q?Lp9") {
      String url(String host, int port, String user, String database) {
        return "postgres://" + user + ":" + password + "@" + host + ":" + port + "/" + database;
      }
    },
    ENVIRONMENT_VARIABLE("Leak7-env-Vb2") {
      String url(String host, int port, String user, String database) {
        return "postgres://" + user + "@" + host + ":" + port + "/" + database;
      }

      @Override
      Map<String, String> environment() {
        return Map.of(RunnerVariables.PASSWORD, password);
      }
    };

    final String password;

    Form(String password) {
      this.password = password;
    }

    abstract String url(String host, int port, String user, String database);

    Map<String, String> environment() {
      return Map.of();
    }

    /** Every way the password may be spelled in text: as is, URL-encoded, base64. */
    List<String> spellings() {
      return List.of(
          password,
          strictlyEncoded(password),
          URLEncoder.encode(password, StandardCharsets.UTF_8),
          Base64.getEncoder().encodeToString(password.getBytes(StandardCharsets.UTF_8)));
    }
  }

  /** What a command is asked to do, and against which database. */
  enum Path_ {
    MIGRATE_OK,
    MIGRATE_FAILING_SQL,
    FAILING_SEED,
    BACKUP_FAILURE,
    PLAN,
    INFO,
    BASELINE,
    REPAIR,
    HEALTH,
    UNREACHABLE_HOST,
    AUTH_FAILURE
  }

  static Stream<Arguments> cases() {
    List<Arguments> cases = new ArrayList<>();
    for (Form form : Form.values()) {
      for (Path_ path : Path_.values()) {
        cases.add(Arguments.of(form, path));
      }
    }
    return cases.stream();
  }

  @BeforeEach
  void sources() throws IOException {
    logs = CapturedLogs.start();
    migrations = Files.createDirectory(work.resolve("migrations"));
    Files.writeString(migrations.resolve("V1__init.sql"), "CREATE TABLE shop (id int);");
    badMigrations = Files.createDirectory(work.resolve("bad"));
    Files.writeString(badMigrations.resolve("V1__init.sql"), "CREATE TABLE shop (id int);");
    Files.writeString(
        badMigrations.resolve("V2__broken.sql"),
        "CREATE TABLE broken (id int REFERENCES nowhere(id));");
    seeds = Files.createDirectory(work.resolve("seeds"));
    Files.writeString(seeds.resolve("01-rows.sql"), "INSERT INTO missing_table VALUES (1);");
    // A careless tool: prints the password it was given in its environment, then fails.
    fakePgDump =
        Files.writeString(
            work.resolve("pg_dump"),
            "#!/bin/sh\necho \"pg_dump: error: login as $PGUSER with password $PGPASSWORD failed\" >&2\nexit 1\n");
    fakePgDump.toFile().setExecutable(true);
  }

  @AfterEach
  void stopCapturing() {
    logs.close();
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("cases")
  void thePasswordAppearsNowhere(Form form, Path_ path) throws IOException {
    Path resultFile = work.resolve("result.json");
    String host = PostgresDatabase.HOST;
    int port = path == Path_.UNREACHABLE_HOST ? 1 : PostgresDatabase.PORT;
    String user = path == Path_.AUTH_FAILURE ? "no_such_role_x" : db.username();
    String url = form.url(host, port, user, db.name());
    List<String> args =
        new ArrayList<>(
            switch (path) {
              case PLAN ->
                  List.of("plan", "--migrations", migrations.toString(), "--output", "json");
              case INFO ->
                  List.of("info", "--migrations", migrations.toString(), "--output", "json");
              case BASELINE -> List.of("baseline", "--version", "1");
              case REPAIR -> List.of("repair", "--migrations", migrations.toString());
              case HEALTH -> List.of("health", "--timeout", "3s");
              case MIGRATE_FAILING_SQL ->
                  List.of("migrate", "--migrations", badMigrations.toString());
              case FAILING_SEED ->
                  List.of(
                      "migrate", "--migrations", migrations.toString(), "--seed", "rows=" + seeds);
              case BACKUP_FAILURE ->
                  List.of(
                      "migrate",
                      "--migrations",
                      migrations.toString(),
                      "--backup-dir",
                      work.toString());
              default -> List.of("migrate", "--migrations", migrations.toString());
            });
    args.addAll(List.of("--url", url));
    if (path != Path_.HEALTH && path != Path_.INFO && path != Path_.BASELINE) {
      args.addAll(List.of("--result-file", resultFile.toString()));
    }
    Map<String, String> environment = new HashMap<>(form.environment());
    environment.put("DBMIGRATE_PG_DUMP", fakePgDump.toString());
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine commandLine = DbMigrate.commandLine(environment);
    commandLine.setOut(new PrintWriter(out));
    commandLine.setErr(new PrintWriter(err));

    int exit = commandLine.execute(args.toArray(String[]::new));

    String result = Files.exists(resultFile) ? Files.readString(resultFile) : "";
    String everything =
        String.join(
            "\n",
            "stdout:",
            out.toString(),
            "stderr:",
            err.toString(),
            "logs:",
            logs.text(),
            "result:",
            result);
    boolean unusableUrl =
        form == Form.POSTGRES_UNENCODED_SLASH || form == Form.POSTGRES_UNENCODED_HASH_AND_QUESTION;
    boolean shouldSucceed =
        !unusableUrl
            && (path == Path_.MIGRATE_OK
                || path == Path_.PLAN
                || path == Path_.INFO
                || path == Path_.BASELINE
                || path == Path_.REPAIR
                || path == Path_.HEALTH);
    // A malformed URL is the command's failure (exit 1), for health as for the commands a Job runs.
    int expected = shouldSucceed ? 0 : 1;
    assertThat(exit).as(everything).isEqualTo(expected);
    assertThat(everything).as("something was said").isNotBlank();
    for (String spelling : form.spellings()) {
      assertThat(everything).as("the password as %s", spelling).doesNotContain(spelling);
    }
    // The failure is still explained, with the password masked where the URL is shown.
    if (form == Form.POSTGRES_UNENCODED_SLASH
        || form == Form.POSTGRES_UNENCODED_HASH_AND_QUESTION) {
      assertThat(everything)
          .contains("postgres://****@127.0.0.1:")
          .contains("percent-encode it as");
    } else if (path == Path_.BACKUP_FAILURE) {
      assertThat(everything).contains("login as postgres with password **** failed");
    } else if (path == Path_.AUTH_FAILURE) {
      assertThat(everything).contains("no_such_role_x");
    }
  }

  /** Percent-encodes everything but letters, digits and "-._~", as careful URL writers do. */
  static String strictlyEncoded(String text) {
    StringBuilder encoded = new StringBuilder();
    for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
      char c = (char) (b & 0xff);
      if (Character.isLetterOrDigit(c) && c < 128 || "-._~".indexOf(c) >= 0) {
        encoded.append(c);
      } else {
        encoded.append(String.format("%%%02X", b & 0xff));
      }
    }
    return encoded.toString();
  }
}
