package io.dbmigrate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.dbmigrate.testing.CapturedLogs;
import io.dbmigrate.testing.PostgresDatabase;
import io.dbmigrate.testing.TarLayer;
import io.dbmigrate.testing.TestRegistry;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * migrate with --seed-image: seeds pushed to a real registry, pulled by the runner before anything
 * is applied, and run in the order given together with --seed directories.
 */
class SeedImagesIT {
  private static final String PASSWORD = "seed-Pull-5521-secret";

  @RegisterExtension static final TestRegistry registry = TestRegistry.open();

  @RegisterExtension
  static final TestRegistry privateRegistry = TestRegistry.withPassword("ci", PASSWORD);

  @RegisterExtension final PostgresDatabase db = new PostgresDatabase();
  @TempDir Path work;

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();
  private final Map<String, String> environment = new HashMap<>();
  private Path migrations;
  private Path directorySeed;

  @BeforeEach
  void sources() throws Exception {
    migrations = Files.createDirectories(work.resolve("migrations"));
    Files.writeString(
        migrations.resolve("V1__log.sql"),
        "CREATE TABLE log (id serial PRIMARY KEY, source text NOT NULL);");
    directorySeed = Files.createDirectories(work.resolve("seed-dir"));
    Files.writeString(directorySeed.resolve("1.sql"), "INSERT INTO log (source) VALUES ('dir');");
  }

  private int run(String... args) {
    environment.putIfAbsent("DBMIGRATE_URL", db.postgresUrl());
    environment.putIfAbsent("DOCKER_CONFIG", work.resolve("no-docker-config").toString());
    CommandLine commandLine = DbMigrate.commandLine(environment);
    commandLine.setOut(new PrintWriter(out));
    commandLine.setErr(new PrintWriter(err));
    return commandLine.execute(args);
  }

  private static byte[] seedLayer(String directory, String source) {
    return new TarLayer()
        .file(directory + "/1.sql", "INSERT INTO log (source) VALUES ('" + source + "');")
        .file(directory + "/notes.txt", "not a seed file")
        .tar();
  }

  @Test
  void seedsFromImagesRunAfterMigrationsFromADirectoryInTheOrderGiven() throws Exception {
    String first =
        registry.pushImage("shop/seeds", "1", List.of(seedLayer("seeds", "image")), true);
    registry.pushImage("shop/app", "1", List.of(seedLayer("app/db/seed", "app-image")), true);
    List<String> tmpBefore = pullDirectories();

    int exit;
    String logs;
    try (CapturedLogs captured = CapturedLogs.start()) {
      exit =
          run(
              "migrate",
              "--migrations",
              migrations.toString(),
              "--seed-image",
              "from-image=" + registry.reference("shop/seeds", "1"),
              "--seed",
              "from-dir=" + directorySeed,
              "--seed-image",
              "from-app=" + registry.reference("shop/app", "1") + "#/app/db/seed",
              "--seed-image",
              "demo=" + registry.address() + "/shop/absent:1@development");
      logs = captured.text();
    }

    assertThat(exit).as(err.toString()).isZero();
    assertThat(logSources()).containsExactly("image", "dir", "app-image");
    assertThat(logs)
        .contains(
            "pulled 1 files of seed from-image from "
                + registry.address()
                + "/shop/seeds@"
                + first
                + " (path /seeds)")
        .doesNotContain("shop/absent");
    assertThat(out.toString()).contains("demo").contains("skipped");
    assertThat(pullDirectories()).as("the pulls are deleted").isEqualTo(tmpBefore);
  }

  @Test
  void seedsFromAPrivateImageAfterMigrationsFromAnImageAndThePasswordNeverShows() throws Exception {
    privateRegistry.pushImage(
        "team/app",
        "1",
        List.of(
            new TarLayer()
                .file(
                    "migrations/V1__log.sql",
                    "CREATE TABLE log (id serial PRIMARY KEY, source text NOT NULL);")
                .tar(),
            seedLayer("seeds", "private-image")),
        true);
    String reference = privateRegistry.reference("team/app", "1");
    environment.put(
        "DOCKER_CONFIG",
        privateRegistry.dockerConfig(work.resolve("docker"), "ci", PASSWORD).toString());
    Path resultFile = work.resolve("result.json");

    int exit;
    String logs;
    try (CapturedLogs captured = CapturedLogs.start()) {
      exit =
          run(
              "migrate",
              "--migrations-image",
              reference,
              "--seed-image",
              "reference=" + reference,
              "--result-file",
              resultFile.toString());
      logs = captured.text();
    }

    assertThat(exit).as(err.toString()).isZero();
    assertThat(logSources()).containsExactly("private-image");
    assertThat(out.toString() + err + logs + Files.readString(resultFile)).doesNotContain(PASSWORD);
  }

  @Test
  void aSeedImageThatCannotBePulledFailsTheRunWithOneLineBeforeAnythingIsApplied()
      throws Exception {
    int exit =
        run(
            "migrate",
            "--migrations",
            migrations.toString(),
            "--seed",
            "from-dir=" + directorySeed,
            "--seed-image",
            "missing=" + registry.reference("shop/nothing", "9.9"));

    assertThat(exit).isEqualTo(1);
    assertThat(err.toString().strip().lines())
        .containsExactly(
            "migration failed: seed missing: image "
                + registry.address()
                + "/shop/nothing:9.9 not found: registry "
                + registry.address()
                + " has no such repository, tag or digest");
    assertThat(tables()).as("nothing applied").isEmpty();
  }

  @Test
  void aSeedImagePathThatIsNotInTheImageOrHoldsNoSqlIsRefusedBeforeAnythingIsApplied()
      throws Exception {
    registry.pushImage("shop/noseeds", "1", List.of(seedLayer("other", "x")), true);
    String reference = registry.reference("shop/noseeds", "1");

    int notThere =
        run("migrate", "--migrations", migrations.toString(), "--seed-image", "s=" + reference);
    assertThat(notThere).isEqualTo(1);
    assertThat(err.toString()).contains("path /seeds is not in image " + registry.address());

    registry.pushImage(
        "shop/noseeds",
        "2",
        List.of(new TarLayer().file("seeds/readme.txt", "no sql").tar()),
        true);
    int empty =
        run(
            "migrate",
            "--migrations",
            migrations.toString(),
            "--seed-image",
            "s=" + registry.reference("shop/noseeds", "2"));
    assertThat(empty).isEqualTo(1);
    assertThat(err.toString())
        .contains("seed s: path /seeds of image " + registry.address() + "/shop/noseeds@sha256:")
        .contains("contains no .sql files");
    assertThat(tables()).as("nothing applied").isEmpty();
  }

  @Test
  void aMalformedSeedImageIsAUsageError() {
    int exit =
        run(
            "migrate",
            "--migrations",
            migrations.toString(),
            "--seed-image",
            "s=" + registry.address() + "/shop/seeds:1#seeds");

    assertThat(exit).isEqualTo(2);
    assertThat(err.toString().lines().findFirst().orElse(""))
        .isEqualTo(
            "Invalid value for option '--seed-image': seed s: the path after '#' must be an"
                + " absolute directory such as /seeds, not 'seeds'");
  }

  private List<String> logSources() throws Exception {
    List<String> sources = new ArrayList<>();
    try (Connection connection = db.connect();
        ResultSet rows =
            connection.createStatement().executeQuery("SELECT source FROM log ORDER BY id")) {
      while (rows.next()) {
        sources.add(rows.getString(1));
      }
    }
    return sources;
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

  private static List<String> pullDirectories() throws java.io.IOException {
    try (var entries = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
      return entries
          .map(p -> p.getFileName().toString())
          .filter(name -> name.startsWith("dbmigrate-image-"))
          .sorted()
          .toList();
    }
  }
}
