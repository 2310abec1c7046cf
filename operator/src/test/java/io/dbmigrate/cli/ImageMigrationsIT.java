package io.dbmigrate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.dbmigrate.runner.RunResult;
import io.dbmigrate.runner.RunResultJson;
import io.dbmigrate.testing.CapturedLogs;
import io.dbmigrate.testing.PostgresDatabase;
import io.dbmigrate.testing.TarLayer;
import io.dbmigrate.testing.TestRegistry;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * migrate, plan and info with --migrations-image: images and ORAS artifacts pushed to a real
 * registry, pulled by the runner and applied to a real PostgreSQL database.
 */
class ImageMigrationsIT {
  private static final String PASSWORD = "img-Pull-9402-secret";

  @RegisterExtension static final TestRegistry registry = TestRegistry.open();

  @RegisterExtension
  static final TestRegistry privateRegistry = TestRegistry.withPassword("ci", PASSWORD);

  @RegisterExtension final PostgresDatabase db = new PostgresDatabase();
  @TempDir Path work;

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();
  private final Map<String, String> environment = new HashMap<>();

  private int run(String... args) {
    environment.putIfAbsent("DBMIGRATE_URL", db.postgresUrl());
    environment.putIfAbsent("DOCKER_CONFIG", work.resolve("no-docker-config").toString());
    CommandLine commandLine = DbMigrate.commandLine(environment);
    commandLine.setOut(new PrintWriter(out));
    commandLine.setErr(new PrintWriter(err));
    return commandLine.execute(args);
  }

  private static byte[] firstLayer() {
    return new TarLayer()
        .file("app/run.sh", "#!/bin/sh")
        .file("migrations/V1__shop.sql", "CREATE TABLE shop (id int);")
        .file("migrations/V2__wrong.sql", "CREATE TABLE wrong (id int);")
        .tar();
  }

  private static byte[] secondLayer() {
    return new TarLayer()
        .whiteout("migrations/V2__wrong.sql")
        .file("migrations/V3__users.sql", "CREATE TABLE users (id int);")
        .tar();
  }

  @Test
  void migratesFromAnImageByTagAndReportsTheDigest() throws Exception {
    String digest =
        registry.pushImage("shop/app", "1.4.0", List.of(firstLayer(), secondLayer()), true);
    Path resultFile = work.resolve("result.json");
    List<Path> pullsBefore = pullDirectories();

    int exit =
        run(
            "migrate",
            "--migrations-image",
            registry.reference("shop/app", "1.4.0"),
            "--result-file",
            resultFile.toString());

    String pinned = registry.address() + "/shop/app@" + digest;
    assertThat(exit).as(err.toString()).isZero();
    assertThat(out.toString())
        .contains("migrations from " + pinned)
        .contains("(V1__shop.sql)")
        .contains("(V3__users.sql)")
        .doesNotContain("V2__wrong");
    assertThat(tables()).containsExactlyInAnyOrder("flyway_schema_history", "shop", "users");
    RunResult result = new RunResultJson().fromJson(Files.readString(resultFile));
    assertThat(result.migrationsImage()).isEqualTo(pinned);
    assertThat(result.currentVersion()).isEqualTo("3");
    assertThat(pullDirectories()).as("the pull is deleted").isEqualTo(pullsBefore);
  }

  @Test
  void aNewPushToTheSameTagIsWhatTheNextRunApplies() throws Exception {
    String first = registry.pushImage("shop/moving", "stable", List.of(firstLayer()), true);
    assertThat(run("migrate", "--migrations-image", registry.reference("shop/moving", "stable")))
        .as(err.toString())
        .isZero();
    String second =
        registry.pushImage(
            "shop/moving",
            "stable",
            List.of(
                firstLayer(),
                new TarLayer()
                    .file("migrations/V4__more.sql", "CREATE TABLE more (id int);")
                    .tar()),
            true);

    int exit = run("migrate", "--migrations-image", registry.reference("shop/moving", "stable"));

    assertThat(exit).as(err.toString()).isZero();
    assertThat(second).isNotEqualTo(first);
    assertThat(out.toString())
        .contains("migrations from " + registry.address() + "/shop/moving@" + first)
        .contains("migrations from " + registry.address() + "/shop/moving@" + second)
        .contains("(V4__more.sql)");
    assertThat(tables()).contains("more", "wrong");
  }

  @Test
  void plansAndShowsInfoFromAnOrasArtifact() throws Exception {
    Path migrations = Files.createDirectories(work.resolve("src/migrations"));
    Files.writeString(migrations.resolve("V1__shop.sql"), "CREATE TABLE shop (id int);");
    Files.writeString(
        migrations.resolve("R__view.sql"), "CREATE OR REPLACE VIEW v AS SELECT 1 AS one;");
    registry.pushArtifact("shop/artifact", "1", migrations);
    String reference = registry.reference("shop/artifact", "1");

    assertThat(run("plan", "--migrations-image", reference)).as(err.toString()).isZero();
    assertThat(out.toString()).contains("pending migrations: 2").contains("1 V1__shop.sql");
    assertThat(run("info", "--migrations-image", reference, "--output", "json"))
        .as(err.toString())
        .isZero();
    assertThat(out.toString())
        .contains("\"script\":\"V1__shop.sql\"")
        .contains("\"state\":\"Pending\"");
    assertThat(tables()).as("plan and info change nothing").isEmpty();
  }

  @Test
  void readsTheFilesOfAnArtifactFromTheRootWithPathSlash() throws Exception {
    Path file = Files.writeString(work.resolve("V1__shop.sql"), "CREATE TABLE shop (id int);");
    registry.pushArtifactFiles("shop/files", "1", file);

    int exit =
        run(
            "migrate",
            "--migrations-image",
            registry.reference("shop/files", "1"),
            "--migrations-image-path",
            "/");

    assertThat(exit).as(err.toString()).isZero();
    assertThat(tables()).contains("shop");
  }

  @Test
  void migratesTheLinuxAmd64ImageOfAnIndex() throws Exception {
    String amd64 =
        registry.pushImage(
            "shop/multi",
            "amd64",
            List.of(
                new TarLayer()
                    .file("migrations/V1__amd64.sql", "CREATE TABLE amd64 (id int);")
                    .tar()),
            true);
    String arm64 =
        registry.pushImage(
            "shop/multi",
            "arm64",
            List.of(
                new TarLayer()
                    .file("migrations/V1__arm64.sql", "CREATE TABLE arm64 (id int);")
                    .tar()),
            true);
    Map<String, String> platforms = new LinkedHashMap<>();
    platforms.put("linux/arm64", arm64);
    platforms.put("linux/amd64", amd64);
    String index = registry.pushIndex("shop/multi", "1", platforms);

    int exit = run("migrate", "--migrations-image", registry.address() + "/shop/multi@" + index);

    assertThat(exit).as(err.toString()).isZero();
    assertThat(out.toString())
        .contains("migrations from " + registry.address() + "/shop/multi@" + index);
    assertThat(tables()).contains("amd64").doesNotContain("arm64");
  }

  @Test
  void aPrivateRegistryIsReadWithTheDockerConfigAndThePasswordNeverShows() throws Exception {
    privateRegistry.pushImage("team/app", "1", List.of(firstLayer()), true);
    String reference = privateRegistry.reference("team/app", "1");
    Path resultFile = work.resolve("result.json");

    int refused =
        run("migrate", "--migrations-image", reference, "--result-file", resultFile.toString());
    assertThat(refused).isEqualTo(1);
    assertThat(err.toString())
        .contains("refused access to team/app (HTTP 401): no credentials for");
    assertThat(tables()).isEmpty();

    environment.put(
        "DOCKER_CONFIG",
        privateRegistry.dockerConfig(work.resolve("docker"), "ci", "wrong-" + PASSWORD).toString());
    assertThat(run("migrate", "--migrations-image", reference)).isEqualTo(1);
    assertThat(err.toString()).contains("were not accepted or may not pull this repository");

    environment.put(
        "DOCKER_CONFIG",
        privateRegistry.dockerConfig(work.resolve("docker"), "ci", PASSWORD).toString());
    int exit;
    String logs;
    try (CapturedLogs captured = CapturedLogs.start()) {
      exit =
          run("migrate", "--migrations-image", reference, "--result-file", resultFile.toString());
      logs = captured.text();
    }

    assertThat(exit).as(err.toString()).isZero();
    assertThat(tables()).contains("shop");
    assertThat(logs)
        .contains("pulled 2 migrations from " + privateRegistry.address() + "/team/app@sha256:");
    assertThat(out.toString() + err + logs + Files.readString(resultFile)).doesNotContain(PASSWORD);
  }

  @Test
  void takesDirectoriesOrAnImageNotBoth() throws IOException {
    Path migrations = Files.createDirectories(work.resolve("migrations"));

    int both =
        run(
            "migrate",
            "--migrations",
            migrations.toString(),
            "--migrations-image",
            registry.reference("shop/app", "1"));
    assertThat(both).isEqualTo(2);
    assertThat(err.toString().lines().findFirst().orElse(""))
        .isEqualTo(
            "Error: --migrations=DIR, --migrations-image=REF are mutually exclusive (specify only one)");

    int pathAlone =
        run("info", "--migrations", migrations.toString(), "--migrations-image-path", "/db");
    assertThat(pathAlone).isEqualTo(2);
    assertThat(err.toString()).contains("--migrations-image-path needs --migrations-image");
  }

  private List<String> tables() throws Exception {
    List<String> tables = new ArrayList<>();
    try (Connection connection = db.connect();
        ResultSet rows =
            connection
                .createStatement()
                .executeQuery(
                    "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'")) {
      while (rows.next()) {
        tables.add(rows.getString(1));
      }
    }
    return tables;
  }

  private static List<Path> pullDirectories() throws IOException {
    try (Stream<Path> entries = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
      return entries
          .filter(p -> p.getFileName().toString().startsWith("dbmigrate-image-"))
          .sorted()
          .toList();
    }
  }
}
