package io.dbmigrate.runner;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class PlanResultJsonTest {
  private final PlanResultJson json = new PlanResultJson();

  @Test
  void writesTheContractFieldNamesAndRoundTrips() {
    PlanResult plan =
        new PlanResult(
            List.of(
                new PendingMigration("2", "V2__city.sql", 12345),
                new PendingMigration(null, "R__view.sql", -7)),
            List.of(
                new SeedPlan("reference-data", false, List.of("002_more.sql")),
                new SeedPlan("demo", true, List.of())),
            List.of("migration V1__init.sql (version 1) was changed after it was applied"));

    String text = json.toJson(plan);

    assertThat(text)
        .isEqualTo(
            "{\"pending\":[{\"version\":\"2\",\"script\":\"V2__city.sql\",\"checksum\":12345,"
                + "\"repeatable\":false,\"changed\":false},"
                + "{\"version\":null,\"script\":\"R__view.sql\",\"checksum\":-7,"
                + "\"repeatable\":true,\"changed\":false}],"
                + "\"seeds\":[{\"name\":\"reference-data\",\"skipped\":false,\"files\":[\"002_more.sql\"]},"
                + "{\"name\":\"demo\",\"skipped\":true,\"files\":[]}],"
                + "\"problems\":[\"migration V1__init.sql (version 1) was changed after it was applied\"],\"truncated\":false}");
    assertThat(json.fromJson(text)).isEqualTo(plan);
  }

  @Test
  void writesTheBaselineOnlyWhenThereIsOne() {
    PlanResult plan =
        new PlanResult(
            List.of(new PendingMigration("4", "V4__d.sql", 1)),
            List.of(),
            List.of(),
            false,
            new BaselinePlan("3", List.of("V1__a.sql", "V2__b.sql", "V3__c.sql"), true));

    String text = json.toJson(plan);

    assertThat(text)
        .endsWith(
            "\"truncated\":false,\"baseline\":{\"version\":\"3\","
                + "\"migrations\":[\"V1__a.sql\",\"V2__b.sql\",\"V3__c.sql\"],\"recordedByRun\":true}}");
    assertThat(json.fromJson(text)).isEqualTo(plan);
  }

  @Test
  void cutsTheFilesBelowTheBaselineBeforeThePendingOnes() {
    List<String> below =
        IntStream.rangeClosed(1, 400).mapToObj(i -> "V" + i + "__existing_table.sql").toList();
    PlanResult plan =
        new PlanResult(
            List.of(new PendingMigration("401", "V401__new.sql", 1)),
            List.of(),
            List.of(),
            false,
            new BaselinePlan("400", below, true));

    PlanResult read = json.fromJson(json.toJson(plan));

    assertThat(json.toJson(plan).getBytes(StandardCharsets.UTF_8).length)
        .isLessThanOrEqualTo(PlanResultJson.MAX_BYTES);
    assertThat(read.truncated()).isTrue();
    assertThat(read.pending()).hasSize(1);
    assertThat(read.baseline().version()).isEqualTo("400");
    assertThat(read.baseline().migrations())
        .isNotEmpty()
        .isEqualTo(below.subList(0, read.baseline().migrations().size()));
  }

  @Test
  void readsAPlanWithMissingFieldsAsEmpty() {
    PlanResult plan = json.fromJson("{\"pending\":[],\"future\":1}");

    assertThat(plan.seeds()).isEmpty();
    assertThat(plan.problems()).isEmpty();
    assertThat(plan.truncated()).isFalse();
  }

  @Test
  void cutsPendingMigrationsFirstToStayWithin4KiB() {
    List<PendingMigration> pending =
        IntStream.rangeClosed(1, 500)
            .mapToObj(
                i ->
                    new PendingMigration(
                        Integer.toString(i), "V" + i + "__create_table_" + i + ".sql", i))
            .toList();
    PlanResult plan =
        new PlanResult(
            pending, List.of(new SeedPlan("s", false, List.of("a.sql"))), List.of("drift"));

    String text = json.toJson(plan);
    PlanResult read = json.fromJson(text);

    assertThat(text.getBytes(StandardCharsets.UTF_8).length)
        .isLessThanOrEqualTo(PlanResultJson.MAX_BYTES);
    assertThat(read.truncated()).isTrue();
    assertThat(read.pending()).isNotEmpty().isEqualTo(pending.subList(0, read.pending().size()));
    assertThat(read.seeds()).isEqualTo(plan.seeds());
    assertThat(read.problems()).containsExactly("drift");
  }

  @Test
  void thenSeedFilesThenProblemText() {
    List<String> files =
        IntStream.rangeClosed(1, 400).mapToObj(i -> String.format("%04d_file.sql", i)).toList();
    List<String> problems = List.of("é ✓ \"quoted\" ".repeat(400), "second ".repeat(400));
    PlanResult plan =
        new PlanResult(
            List.of(new PendingMigration("1", "V1__a.sql", 1)),
            List.of(
                new SeedPlan("big", false, files), new SeedPlan("small", false, List.of("x.sql"))),
            problems);

    String text = json.toJson(plan);
    PlanResult read = json.fromJson(text);

    assertThat(text.getBytes(StandardCharsets.UTF_8).length)
        .isLessThanOrEqualTo(PlanResultJson.MAX_BYTES);
    assertThat(read.truncated()).isTrue();
    assertThat(read.pending()).isEmpty();
    assertThat(read.seeds()).extracting(SeedPlan::name).containsExactly("big", "small");
    assertThat(read.seeds().get(0).files())
        .isEqualTo(files.subList(0, read.seeds().get(0).files().size()));
    assertThat(read.problems()).hasSize(2);
    assertThat(read.problems().get(0)).startsWith("é ✓").endsWith("…");
  }
}
