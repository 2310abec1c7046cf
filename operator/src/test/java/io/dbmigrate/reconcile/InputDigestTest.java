package io.dbmigrate.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import io.dbmigrate.api.DatabaseMigrationSpec;
import io.dbmigrate.api.FlywaySpec;
import io.dbmigrate.api.ImageSource;
import io.dbmigrate.api.JobSpec;
import io.dbmigrate.api.PullSecretRef;
import io.dbmigrate.api.SeedSpec;
import io.dbmigrate.config.FlywaySettings;
import io.dbmigrate.reconcile.MigrationInputs.MigrationSource;
import io.dbmigrate.reconcile.MigrationInputs.SeedFiles;
import io.dbmigrate.registry.ImageReference;
import io.dbmigrate.testing.TestResources;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class InputDigestTest {
  @Test
  void sameInputsSameDigest() {
    assertThat(InputDigest.of(spec(), inputs("CREATE TABLE a (id int);"), "img:1"))
        .isEqualTo(InputDigest.of(spec(), inputs("CREATE TABLE a (id int);"), "img:1"))
        .hasSize(64);
  }

  @Test
  void anyRelevantChangeChangesTheDigest() {
    String base = InputDigest.of(spec(), inputs("CREATE TABLE a (id int);"), "img:1");
    assertThat(InputDigest.of(spec(), inputs("CREATE TABLE a (id bigint);"), "img:1"))
        .isNotEqualTo(base);
    assertThat(InputDigest.of(spec(), inputs("CREATE TABLE a (id int);"), "img:2"))
        .isNotEqualTo(base);
    DatabaseMigrationSpec otherTarget = spec();
    otherTarget.getMigrations().setTarget("1");
    assertThat(InputDigest.of(otherTarget, inputs("CREATE TABLE a (id int);"), "img:1"))
        .isNotEqualTo(base);
    DatabaseMigrationSpec otherJob = spec();
    otherJob.setJob(new JobSpec());
    otherJob.getJob().setBackoffLimit(3);
    assertThat(InputDigest.of(otherJob, inputs("CREATE TABLE a (id int);"), "img:1"))
        .isNotEqualTo(base);
    MigrationInputs otherDatabase =
        new MigrationInputs(
            inputs("CREATE TABLE a (id int);").sources(),
            List.of(),
            InputDigest.sha256("jdbc:postgresql://other/db"),
            null,
            MigrationInputs.FlywayInputs.NONE);
    assertThat(InputDigest.of(spec(), otherDatabase, "img:1")).isNotEqualTo(base);
  }

  @Test
  void seedsAreInputsToo() {
    String base = InputDigest.of(spec(), inputs("CREATE TABLE a (id int);"), "img:1");
    DatabaseMigrationSpec withSeed = spec();
    withSeed.setSeeds(List.of(new SeedSpec("reference", "ref", null)));
    String seeded = InputDigest.of(withSeed, withSeeds("INSERT INTO a VALUES (1);"), "img:1");
    assertThat(seeded).isNotEqualTo(base);
    assertThat(InputDigest.of(withSeed, withSeeds("INSERT INTO a VALUES (2);"), "img:1"))
        .isNotEqualTo(seeded);
    withSeed.getSeeds().get(0).setEnvironments(List.of("development"));
    assertThat(InputDigest.of(withSeed, withSeeds("INSERT INTO a VALUES (1);"), "img:1"))
        .isNotEqualTo(seeded);
  }

  @Test
  void flywaySettingsAndSourcedPlaceholderValuesAreInputsToo() {
    String base = InputDigest.of(spec(), inputs("CREATE TABLE a (id int);"), "img:1");
    DatabaseMigrationSpec withTable = spec();
    withTable.setFlyway(new FlywaySpec());
    withTable.getFlyway().setTable("history");
    assertThat(InputDigest.of(withTable, inputs("CREATE TABLE a (id int);"), "img:1"))
        .isNotEqualTo(base);
    DatabaseMigrationSpec sourced = spec();
    sourced.setFlyway(new FlywaySpec());
    assertThat(InputDigest.of(sourced, withSourcedValues("a"), "img:1"))
        .isNotEqualTo(InputDigest.of(sourced, withSourcedValues("b"), "img:1"))
        .isNotEqualTo(base);
  }

  private static MigrationInputs withSourcedValues(String fingerprint) {
    MigrationInputs plain = inputs("CREATE TABLE a (id int);");
    return new MigrationInputs(
        plain.sources(),
        List.of(),
        plain.databaseUrlFingerprint(),
        null,
        new MigrationInputs.FlywayInputs(FlywaySettings.NONE, List.of(), fingerprint));
  }

  private static MigrationInputs withSeeds(String seedFile) {
    return new MigrationInputs(
        inputs("CREATE TABLE a (id int);").sources(),
        List.of(new SeedFiles("reference", "ref", new TreeMap<>(Map.of("01.sql", seedFile)))),
        InputDigest.sha256("jdbc:postgresql://db/shop"),
        null,
        MigrationInputs.FlywayInputs.NONE);
  }

  @Test
  void theImagesDigestIsTheInputNotItsTagNorHowOftenItIsLookedUp() {
    DatabaseMigrationSpec spec = imageSpec("5m", null);
    String first = InputDigest.of(spec, imageInputs(DIGEST_A), "img:1");
    assertThat(InputDigest.of(spec, imageInputs(DIGEST_B), "img:1"))
        .as("a new push to the same tag")
        .isNotEqualTo(first);
    assertThat(InputDigest.of(imageSpec("1m", "other-secret"), imageInputs(DIGEST_A), "img:1"))
        .as("refreshInterval and pullSecrets")
        .isEqualTo(first);
    DatabaseMigrationSpec otherPath = imageSpec("5m", null);
    otherPath.getMigrations().getImage().setPath("/db");
    assertThat(InputDigest.of(otherPath, imageInputs(DIGEST_A), "img:1")).isNotEqualTo(first);
  }

  @Test
  void aResourceWithoutImageKeepsTheDigestItHadBeforeImagesExisted() {
    // The digest the code before spec.migrations.image gave: an upgrade runs no resource again.
    assertThat(InputDigest.of(spec(), inputs("CREATE TABLE a (id int);"), "img:1"))
        .isEqualTo("40d085d6028539d36c5f58ba07cf0b43712353c9bec706b08ec442d8ab5aa6b2");
  }

  private static final String DIGEST_A = "sha256:" + "a".repeat(64);
  private static final String DIGEST_B = "sha256:" + "b".repeat(64);

  private static DatabaseMigrationSpec imageSpec(String refresh, String pullSecret) {
    DatabaseMigrationSpec spec = TestResources.migration("ns", "dm", "db").getSpec();
    ImageSource image = new ImageSource("registry.example.com/shop/migrations:1");
    image.setRefreshInterval(refresh);
    if (pullSecret != null) {
      image.setPullSecrets(List.of(new PullSecretRef(pullSecret)));
    }
    spec.getMigrations().setImage(image);
    return spec;
  }

  private static MigrationInputs imageInputs(String digest) {
    return new MigrationInputs(
            List.of(),
            List.of(),
            InputDigest.sha256("jdbc:postgresql://db/shop"),
            null,
            MigrationInputs.FlywayInputs.NONE)
        .withImages(
            new PinnedImages(
                List.of(
                    pinned(
                        PinnedImage.MIGRATIONS,
                        "registry.example.com/shop/migrations:1",
                        digest,
                        "/migrations"))));
  }

  private static PinnedImage pinned(String source, String reference, String digest, String path) {
    ImageReference parsed = ImageReference.parse(reference);
    return new PinnedImage(
        source,
        "spec.x.image",
        reference,
        parsed.withDigest(digest),
        path,
        List.of(),
        Instant.EPOCH,
        Optional.empty(),
        Instant.EPOCH,
        Optional.empty());
  }

  @Test
  void aSeedImagesDigestIsTheInputNotItsTagNorHowOftenItIsLookedUp() {
    DatabaseMigrationSpec spec = seedImageSpec("5m", null);
    String first = InputDigest.of(spec, seedImageInputs(DIGEST_A), "img:1");
    assertThat(InputDigest.of(spec, seedImageInputs(DIGEST_B), "img:1"))
        .as("a new push to the seed's tag")
        .isNotEqualTo(first);
    assertThat(InputDigest.of(seedImageSpec("1m", "other"), seedImageInputs(DIGEST_A), "img:1"))
        .as("refreshInterval and pullSecrets")
        .isEqualTo(first);
    DatabaseMigrationSpec explicitDefault = seedImageSpec("5m", null);
    explicitDefault.getSeeds().get(0).getImage().setPath("/seeds");
    assertThat(InputDigest.of(explicitDefault, seedImageInputs(DIGEST_A), "img:1"))
        .as("the default path written out")
        .isEqualTo(first);
    DatabaseMigrationSpec otherPath = seedImageSpec("5m", null);
    otherPath.getSeeds().get(0).getImage().setPath("/db/seeds");
    assertThat(InputDigest.of(otherPath, seedImageInputs(DIGEST_A), "img:1")).isNotEqualTo(first);
  }

  private static DatabaseMigrationSpec seedImageSpec(String refresh, String pullSecret) {
    DatabaseMigrationSpec spec = spec();
    ImageSource image = new ImageSource("registry.example.com/shop/seeds:1");
    image.setRefreshInterval(refresh);
    if (pullSecret != null) {
      image.setPullSecrets(List.of(new PullSecretRef(pullSecret)));
    }
    SeedSpec seed = new SeedSpec("demo", null, null);
    seed.setImage(image);
    spec.setSeeds(List.of(seed));
    return spec;
  }

  private static MigrationInputs seedImageInputs(String digest) {
    return inputs("CREATE TABLE a (id int);")
        .withImages(
            new PinnedImages(
                List.of(
                    pinned(
                        PinnedImage.seed("demo"),
                        "registry.example.com/shop/seeds:1",
                        digest,
                        "/seeds"))));
  }

  private static MigrationInputs inputs(String v1) {
    return new MigrationInputs(
        List.of(new MigrationSource("m", new TreeMap<>(Map.of("V1__a.sql", v1)))),
        List.of(),
        InputDigest.sha256("jdbc:postgresql://db/shop"),
        null,
        MigrationInputs.FlywayInputs.NONE);
  }

  private static DatabaseMigrationSpec spec() {
    return TestResources.migration("ns", "dm", "db", "m").getSpec();
  }
}
