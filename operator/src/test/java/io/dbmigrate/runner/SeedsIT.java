package io.dbmigrate.runner;

import static org.assertj.core.api.Assertions.assertThat;

import io.dbmigrate.db.ConnectionSettings;
import io.dbmigrate.runner.RunResult.Status;
import io.dbmigrate.testing.PostgresDatabase;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

class SeedsIT {
  @RegisterExtension final PostgresDatabase db = new PostgresDatabase();
  @TempDir Path work;

  private final MigrationRunner runner = new MigrationRunner();
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
        "CREATE TABLE country (code text PRIMARY KEY, name text NOT NULL);\n"
            + "CREATE TABLE users (id int PRIMARY KEY, name text NOT NULL);");
    Files.writeString(
        reference.resolve("001_countries.sql"),
        "INSERT INTO country VALUES ('de', 'Germany'), ('fr', 'France')"
            + " ON CONFLICT (code) DO UPDATE SET name = EXCLUDED.name;");
    Files.writeString(
        reference.resolve("002_more.sql"),
        "INSERT INTO country VALUES ('it', 'Italy') ON CONFLICT (code) DO UPDATE SET name = EXCLUDED.name;");
    Files.writeString(
        demo.resolve("001_users.sql"),
        "INSERT INTO users VALUES (1, 'alice') ON CONFLICT (id) DO NOTHING;");
  }

  private RunResult migrate(String environment, Seed... seeds) {
    return runner.migrate(
        settings, new RunOptions(List.of(migrations), "latest", environment, List.of(seeds), null));
  }

  private Seed referenceSeed() {
    return new Seed("reference-data", reference, List.of());
  }

  private Seed demoSeed() {
    return new Seed("demo-users", demo, List.of("development"));
  }

  @Test
  void appliesSeedsAfterMigrationsAndTracksEachFile() {
    RunResult result = migrate("production", referenceSeed());

    assertThat(result.status()).as(String.valueOf(result.error())).isEqualTo(Status.Succeeded);
    assertThat(result.seeds()).containsExactly(SeedResult.applied("reference-data", 2, 2));
    assertThat(db.column("SELECT code FROM country ORDER BY code"))
        .containsExactly("de", "fr", "it");
    assertThat(
            db.query(
                "SELECT seed, file, environment, length(checksum) AS length FROM dbmigrate_seed_history"
                    + " ORDER BY file"))
        .extracting(
            row ->
                row.get("seed")
                    + "/"
                    + row.get("file")
                    + "@"
                    + row.get("environment")
                    + ":"
                    + row.get("length"))
        .containsExactly(
            "reference-data/001_countries.sql@production:64",
            "reference-data/002_more.sql@production:64");
  }

  @Test
  void seedsRunOnASessionTheMigrationsLeftNothingOn() throws IOException {
    // The migrations run on the connection the seeds use next, naming each migration in its
    // application_name and setting the lock timeout (10 s by default) on it.
    Files.writeString(
        migrations.resolve("V2__session.sql"),
        "CREATE TABLE seen (application_name text, lock_timeout text);");
    Files.writeString(
        reference.resolve("003_session.sql"),
        "INSERT INTO seen VALUES (current_setting('application_name'),"
            + " current_setting('lock_timeout'));");

    RunResult result = migrate("production", referenceSeed());

    assertThat(result.status()).as(String.valueOf(result.error())).isEqualTo(Status.Succeeded);
    assertThat(db.column("SELECT application_name || ' ' || lock_timeout FROM seen"))
        .containsExactly("dbmigrate " + db.column("SHOW lock_timeout").get(0));
  }

  @Test
  void aSecondRunAppliesNoSeedFile() {
    migrate("production", referenceSeed());
    List<String> appliedAt =
        db.column("SELECT applied_at FROM dbmigrate_seed_history ORDER BY file");

    RunResult again = migrate("production", referenceSeed());

    assertThat(again.status()).isEqualTo(Status.Succeeded);
    assertThat(again.seeds()).containsExactly(SeedResult.applied("reference-data", 2, 0));
    assertThat(db.column("SELECT applied_at FROM dbmigrate_seed_history ORDER BY file"))
        .isEqualTo(appliedAt);
  }

  @Test
  void aChangedSeedFileIsAppliedAgainAndOnlyIt() throws IOException {
    migrate("production", referenceSeed());
    String before =
        db.column("SELECT checksum FROM dbmigrate_seed_history WHERE file = '002_more.sql'").get(0);
    Files.writeString(
        reference.resolve("002_more.sql"),
        "INSERT INTO country VALUES ('it', 'Italia') ON CONFLICT (code) DO UPDATE SET name = EXCLUDED.name;");

    RunResult result = migrate("production", referenceSeed());

    assertThat(result.seeds()).containsExactly(SeedResult.applied("reference-data", 2, 1));
    assertThat(db.column("SELECT name FROM country WHERE code = 'it'")).containsExactly("Italia");
    assertThat(
            db.column("SELECT checksum FROM dbmigrate_seed_history WHERE file = '002_more.sql'")
                .get(0))
        .isNotEqualTo(before);
  }

  @Test
  void aDemoSeedIsSkippedInProductionAndAppliedInDevelopment() {
    RunResult production = migrate("production", referenceSeed(), demoSeed());

    assertThat(production.seeds())
        .containsExactly(
            SeedResult.applied("reference-data", 2, 2), SeedResult.skipped("demo-users"));
    assertThat(db.column("SELECT count(*) FROM users")).containsExactly("0");

    RunResult development = migrate("development", referenceSeed(), demoSeed());

    assertThat(development.seeds())
        .containsExactly(
            SeedResult.applied("reference-data", 2, 0), SeedResult.applied("demo-users", 1, 1));
    assertThat(db.column("SELECT name FROM users")).containsExactly("alice");
  }

  @Test
  void aFailingSeedFileIsRolledBackAloneAndStopsTheSeeding() throws IOException {
    Path broken = Files.createDirectory(work.resolve("broken"));
    Files.writeString(broken.resolve("001_ok.sql"), "INSERT INTO users VALUES (10, 'kept');");
    // A plain INSERT of an existing key, after a row that must not survive the rollback.
    Files.writeString(
        broken.resolve("002_dup.sql"),
        "INSERT INTO users VALUES (11, 'half');\nINSERT INTO users VALUES (10, 'again');");
    Files.writeString(broken.resolve("003_never.sql"), "INSERT INTO users VALUES (12, 'never');");

    RunResult result =
        migrate(
            "production",
            new Seed("broken", broken, List.of()),
            referenceSeed(),
            new Seed("demo-users", demo, List.of("development")));

    assertThat(result.status()).isEqualTo(Status.Failed);
    assertThat(result.currentVersion()).isEqualTo("1");
    assertThat(result.totalApplied()).isEqualTo(1);
    assertThat(result.pending()).isZero();
    assertThat(result.error().version()).isNull();
    assertThat(result.error().script()).isEqualTo("broken/002_dup.sql");
    assertThat(result.error().message())
        .contains("seed broken")
        .contains("002_dup.sql")
        .contains("duplicate key value violates unique constraint \"users_pkey\"")
        .contains("ON CONFLICT")
        .contains("MERGE")
        .doesNotContain("\n");
    SeedResult failed = result.seeds().get(0);
    assertThat(failed.status()).isEqualTo(SeedOutcome.Failed);
    assertThat(failed.failedFile()).isEqualTo("002_dup.sql");
    assertThat(failed.files()).isEqualTo(3);
    assertThat(failed.appliedFiles()).isEqualTo(1);
    assertThat(failed.message()).isEqualTo(result.error().message());
    assertThat(result.seeds().get(1)).isEqualTo(SeedResult.notRun("reference-data", 2));
    assertThat(result.seeds().get(2)).isEqualTo(SeedResult.skipped("demo-users"));
    assertThat(db.column("SELECT name FROM users ORDER BY id")).containsExactly("kept");
    assertThat(db.column("SELECT file FROM dbmigrate_seed_history")).containsExactly("001_ok.sql");
    assertThat(db.tableExists("country")).isTrue();
  }

  @Test
  void failedMigrationsLeaveEverySeedNotRun() throws IOException {
    Files.writeString(migrations.resolve("V2__bad.sql"), "SELECT * FROM nope;");

    RunResult result = migrate("production", referenceSeed(), demoSeed());

    assertThat(result.status()).isEqualTo(Status.Failed);
    assertThat(result.seeds())
        .containsExactly(SeedResult.notRun("reference-data", 2), SeedResult.skipped("demo-users"));
    assertThat(db.tableExists("dbmigrate_seed_history")).isFalse();
  }

  @Test
  void aMissingSeedDirectoryFailsBeforeConnecting() {
    ConnectionSettings nowhere =
        ConnectionSettings.resolve("jdbc:postgresql://127.0.0.1:1/x", "u", null);

    RunResult result =
        runner.migrate(
            nowhere,
            new RunOptions(
                List.of(migrations),
                "latest",
                "production",
                List.of(new Seed("gone", work.resolve("absent"), List.of())),
                null));

    assertThat(result.status()).isEqualTo(Status.Failed);
    assertThat(result.error().message())
        .contains("seed gone")
        .contains("absent")
        .doesNotContain("127.0.0.1");
    assertThat(result.seeds()).containsExactly(SeedResult.notRun("gone", 0));
  }

  @Test
  void configMapLayoutAppliesEachSeedFileOnce() throws IOException {
    Path mounted = Files.createDirectory(work.resolve("mounted"));
    Path data = Files.createDirectory(mounted.resolve("..2026_11_25_10_00_00.1"));
    Files.writeString(
        data.resolve("001_countries.sql"),
        "INSERT INTO country VALUES ('es', 'Spain') ON CONFLICT (code) DO NOTHING;");
    Files.createSymbolicLink(mounted.resolve("..data"), data.getFileName());
    Files.createSymbolicLink(
        mounted.resolve("001_countries.sql"), Path.of("..data/001_countries.sql"));

    RunResult result = migrate("production", new Seed("mounted", mounted, List.of()));

    assertThat(result.seeds()).containsExactly(SeedResult.applied("mounted", 1, 1));
    assertThat(db.column("SELECT file FROM dbmigrate_seed_history"))
        .containsExactly("001_countries.sql");
  }
}
