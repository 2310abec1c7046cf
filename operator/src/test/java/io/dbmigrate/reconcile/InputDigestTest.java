package io.dbmigrate.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import io.dbmigrate.api.DatabaseMigrationSpec;
import io.dbmigrate.api.FlywaySpec;
import io.dbmigrate.api.JobSpec;
import io.dbmigrate.api.SeedSpec;
import io.dbmigrate.config.FlywaySettings;
import io.dbmigrate.reconcile.MigrationInputs.MigrationSource;
import io.dbmigrate.reconcile.MigrationInputs.SeedFiles;
import io.dbmigrate.testing.TestResources;
import java.util.List;
import java.util.Map;
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
