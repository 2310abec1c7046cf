package io.dbmigrate.runner;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dbmigrate.runner.RunResult.AppliedMigration;
import io.dbmigrate.runner.RunResult.RunError;
import io.dbmigrate.runner.RunResult.Status;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class RunResultJsonTest {
  private final RunResultJson json = new RunResultJson();

  @Test
  void writesTheContractFieldNames() throws Exception {
    RunResult result =
        new RunResult(
            Status.Failed,
            "2",
            List.of(
                new AppliedMigration("1", "init", "V1__init.sql", 12),
                new AppliedMigration(null, "views", "R__views.sql", 3)),
            2,
            2,
            1,
            340,
            new RunError("3", "V3__bad.sql", "ERROR: relation \"nope\" does not exist"),
            false,
            List.of(),
            null);

    JsonNode node = new ObjectMapper().readTree(json.toJson(result));

    assertThat(node.fieldNames())
        .toIterable()
        .containsExactly(
            "status",
            "currentVersion",
            "applied",
            "appliedCount",
            "totalApplied",
            "pending",
            "durationMs",
            "error",
            "truncated",
            "seeds",
            "backup",
            "migrationsImage");
    assertThat(node.get("status").asText()).isEqualTo("Failed");
    assertThat(node.get("currentVersion").asText()).isEqualTo("2");
    assertThat(node.get("applied").get(0).fieldNames())
        .toIterable()
        .containsExactly("version", "description", "script", "durationMs");
    assertThat(node.get("applied").get(0).get("script").asText()).isEqualTo("V1__init.sql");
    assertThat(node.get("applied").get(1).get("version").isNull()).isTrue();
    assertThat(node.get("error").fieldNames())
        .toIterable()
        .containsExactly("version", "script", "message");
    assertThat(node.get("error").get("message").asText())
        .isEqualTo("ERROR: relation \"nope\" does not exist");
  }

  @Test
  void writesNullsForAnEmptyDatabaseAndASuccess() {
    String text = json.toJson(RunResult.succeeded(null, List.of(), 0, 0, 5));

    assertThat(text)
        .isEqualTo(
            "{\"status\":\"Succeeded\",\"currentVersion\":null,\"applied\":[],\"appliedCount\":0,"
                + "\"totalApplied\":0,\"pending\":0,\"durationMs\":5,\"error\":null,\"truncated\":false,"
                + "\"seeds\":[],\"backup\":null,\"migrationsImage\":null}");
  }

  @Test
  void roundTrips() {
    RunResult result =
        RunResult.succeeded(
            "7",
            List.of(new AppliedMigration("7", "add index", "V7__add_index.sql", 44)),
            9,
            0,
            412);

    assertThat(json.fromJson(json.toJson(result))).isEqualTo(result);
  }

  @Test
  void roundTripsTheImageTheMigrationsCameFrom() {
    RunResult result =
        RunResult.succeeded("1", List.of(), 1, 0, 9)
            .withMigrationsImage("registry.example/shop/migrations@sha256:" + "a".repeat(64));

    String text = json.toJson(result);

    assertThat(text).contains("\"migrationsImage\":\"registry.example/shop/migrations@sha256:aaaa");
    assertThat(json.fromJson(text)).isEqualTo(result);
  }

  @Test
  void ignoresUnknownFieldsWhenReading() {
    RunResult result =
        json.fromJson(
            "{\"status\":\"Succeeded\",\"currentVersion\":\"3\",\"seeds\":[{\"name\":\"x\"}],\"applied\":[],"
                + "\"appliedCount\":0,\"totalApplied\":3,\"pending\":0,\"durationMs\":1,\"error\":null,"
                + "\"truncated\":false,\"backup\":{\"file\":\"b\"}}");

    assertThat(result.currentVersion()).isEqualTo("3");
    assertThat(result.totalApplied()).isEqualTo(3);
  }

  @Test
  void dropsAppliedEntriesFromTheEndToStayWithin4KiB() {
    List<AppliedMigration> applied =
        IntStream.rangeClosed(1, 300)
            .mapToObj(
                i ->
                    new AppliedMigration(
                        Integer.toString(i),
                        "create table number " + i,
                        "V" + i + "__create_table_number_" + i + ".sql",
                        i))
            .toList();
    RunResult result = RunResult.succeeded("300", applied, 300, 0, 9000);

    String text = json.toJson(result);
    RunResult read = json.fromJson(text);

    assertThat(text.getBytes(StandardCharsets.UTF_8).length)
        .isLessThanOrEqualTo(RunResultJson.MAX_BYTES);
    assertThat(read.truncated()).isTrue();
    assertThat(read.appliedCount()).isEqualTo(300);
    assertThat(read.applied()).isNotEmpty().hasSizeLessThan(300);
    assertThat(read.applied()).isEqualTo(applied.subList(0, read.applied().size()));
    assertThat(read.totalApplied()).isEqualTo(300);
  }

  @Test
  void shortensAHugeErrorMessageAfterDroppingEntries() {
    List<AppliedMigration> applied =
        IntStream.rangeClosed(1, 300)
            .mapToObj(
                i ->
                    new AppliedMigration(
                        Integer.toString(i), "t" + i, "V" + i + "__t" + i + ".sql", 1))
            .toList();
    String message = "ERROR: \"é\" ✓ \n".repeat(2000);
    RunResult result =
        new RunResult(
            Status.Failed,
            "300",
            applied,
            300,
            300,
            1,
            10,
            new RunError("301", "V301__bad.sql", message),
            false,
            List.of(),
            null);

    String text = json.toJson(result);
    RunResult read = json.fromJson(text);

    assertThat(text.getBytes(StandardCharsets.UTF_8).length)
        .isLessThanOrEqualTo(RunResultJson.MAX_BYTES);
    assertThat(read.truncated()).isTrue();
    assertThat(read.error().version()).isEqualTo("301");
    assertThat(read.error().script()).isEqualTo("V301__bad.sql");
    assertThat(read.error().message()).startsWith("ERROR: \"é\" ✓").endsWith("…");
    assertThat(read.error().message().length()).isGreaterThan(1000);
  }

  @Test
  void roundTripsSeedsAndBackup() {
    RunResult result =
        new RunResult(
            Status.Failed,
            "3",
            List.of(),
            0,
            3,
            0,
            20,
            new RunError(
                null,
                "demo/002_users.sql",
                "seed demo failed in 002_users.sql: ERROR: duplicate key"),
            false,
            List.of(
                new SeedResult("reference-data", SeedOutcome.Applied, 3, 1, null, null),
                new SeedResult(
                    "demo", SeedOutcome.Failed, 2, 1, "002_users.sql", "seed demo failed"),
                new SeedResult("more", SeedOutcome.NotRun, 1, 0, null, null),
                new SeedResult("demo-only", SeedOutcome.Skipped, 0, 0, null, null)),
            new BackupResult("/backups/shop-20261124T100000Z.sql", 12345));

    String text = json.toJson(result);

    assertThat(text)
        .contains(
            "{\"name\":\"reference-data\",\"status\":\"Applied\",\"files\":3,\"appliedFiles\":1,"
                + "\"failedFile\":null,\"message\":null}")
        .contains(
            "\"backup\":{\"file\":\"/backups/shop-20261124T100000Z.sql\",\"sizeBytes\":12345}");
    assertThat(json.fromJson(text)).isEqualTo(result);
  }

  @Test
  void readsAResultWrittenBeforeSeedsExisted() {
    RunResult result =
        json.fromJson(
            "{\"status\":\"Succeeded\",\"currentVersion\":\"3\",\"applied\":[],"
                + "\"appliedCount\":0,\"totalApplied\":3,\"pending\":0,\"durationMs\":1,\"error\":null,\"truncated\":false}");

    assertThat(result.seeds()).isEmpty();
    assertThat(result.backup()).isNull();
  }

  @Test
  void cutsAppliedThenSeedMessagesThenTheErrorMessage() {
    List<AppliedMigration> applied =
        IntStream.rangeClosed(1, 100)
            .mapToObj(
                i ->
                    new AppliedMigration(
                        Integer.toString(i), "t" + i, "V" + i + "__t" + i + ".sql", 1))
            .toList();
    String message = "seed demo failed in 002.sql: ERROR: duplicate key \"é\" ".repeat(60);
    RunResult result =
        new RunResult(
            Status.Failed,
            "100",
            applied,
            100,
            100,
            0,
            10,
            new RunError(null, "demo/002.sql", message),
            false,
            List.of(new SeedResult("demo", SeedOutcome.Failed, 2, 1, "002.sql", message)),
            null);

    RunResult read = json.fromJson(json.toJson(result));

    assertThat(json.toJson(result).getBytes(StandardCharsets.UTF_8).length)
        .isLessThanOrEqualTo(RunResultJson.MAX_BYTES);
    assertThat(read.truncated()).isTrue();
    assertThat(read.applied()).isEmpty();
    assertThat(read.seeds().get(0).message()).endsWith("…").hasSizeLessThan(message.length());
    assertThat(read.seeds().get(0).failedFile()).isEqualTo("002.sql");
    assertThat(read.error().script()).isEqualTo("demo/002.sql");
    assertThat(read.error().message()).startsWith("seed demo failed in 002.sql");
  }
}
