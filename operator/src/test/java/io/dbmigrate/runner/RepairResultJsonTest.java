package io.dbmigrate.runner;

import static org.assertj.core.api.Assertions.assertThat;

import io.dbmigrate.runner.RepairResult.Repaired;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class RepairResultJsonTest {
  private final RepairResultJson json = new RepairResultJson();

  @Test
  void writesTheContractFieldNamesAndRoundTrips() {
    RepairResult result =
        RepairResult.succeeded(
            List.of(new Repaired("3", "V3__bad.sql", null)),
            List.of(new Repaired("2", "V2__users.sql", "checksum")),
            List.of());

    String text = json.toJson(result);

    assertThat(text)
        .isEqualTo(
            "{\"status\":\"Succeeded\",\"removed\":[{\"version\":\"3\",\"script\":\"V3__bad.sql\"}],"
                + "\"realigned\":[{\"version\":\"2\",\"script\":\"V2__users.sql\",\"change\":\"checksum\"}],"
                + "\"deleted\":[],\"error\":null,\"truncated\":false}");
    assertThat(json.fromJson(text)).isEqualTo(result);
  }

  @Test
  void aFailureCarriesItsMessage() {
    RepairResult failed = RepairResult.failed("cannot reach the database at db:5432/shop");

    String text = json.toJson(failed);

    assertThat(text)
        .isEqualTo(
            "{\"status\":\"Failed\",\"removed\":[],\"realigned\":[],\"deleted\":[],"
                + "\"error\":{\"message\":\"cannot reach the database at db:5432/shop\"},\"truncated\":false}");
    assertThat(json.fromJson(text)).isEqualTo(failed);
    assertThat(json.fromJson(text).succeeded()).isFalse();
  }

  @Test
  void readsResultsWithFieldsItDoesNotKnow() {
    RepairResult result =
        json.fromJson("{\"status\":\"Succeeded\",\"removed\":[],\"durationMs\":12}");

    assertThat(result.succeeded()).isTrue();
    assertThat(result.realigned()).isEmpty();
    assertThat(result.deleted()).isEmpty();
  }

  @Test
  void cutsEntriesFromTheEndToStayWithin4KiB() {
    List<Repaired> realigned =
        IntStream.rangeClosed(1, 300)
            .mapToObj(
                i -> new Repaired(Integer.toString(i), "V" + i + "__a_long_name.sql", "checksum"))
            .toList();
    RepairResult result =
        RepairResult.succeeded(
            List.of(new Repaired("301", "V301__bad.sql", null)), realigned, List.of());

    String text = json.toJson(result);
    RepairResult read = json.fromJson(text);

    assertThat(text.getBytes(StandardCharsets.UTF_8).length)
        .isLessThanOrEqualTo(RepairResultJson.MAX_BYTES);
    assertThat(read.truncated()).isTrue();
    assertThat(read.removed()).hasSize(1);
    assertThat(read.realigned())
        .isNotEmpty()
        .isEqualTo(realigned.subList(0, read.realigned().size()));
  }

  @Test
  void shortensALongErrorMessage() {
    RepairResult failed = RepairResult.failed("é".repeat(5000));

    String text = json.toJson(failed);

    assertThat(text.getBytes(StandardCharsets.UTF_8).length)
        .isLessThanOrEqualTo(RepairResultJson.MAX_BYTES);
    assertThat(json.fromJson(text).truncated()).isTrue();
    assertThat(json.fromJson(text).error().message()).endsWith("…");
  }
}
