package io.dbmigrate.reconcile;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Reads what a repair Job reported in its termination message ({@code dbmigrate repair}'s JSON
 * result: the failed entries removed, the entries realigned, or the error) as one sentence.
 */
final class RepairReport {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** What repair never does, said with every result. */
  static final String NOT_UNDONE =
      "repair does not undo what a failed non-transactional migration left in the database";

  private RepairReport() {}

  static String describe(String jobName, JobOutcome outcome) {
    JsonNode report = outcome.report().map(RepairReport::parse).orElse(null);
    if (outcome.state() != JobOutcome.State.SUCCEEDED) {
      String error =
          report != null && report.path("error").hasNonNull("message")
              ? report.path("error").path("message").asText()
              : Objects.requireNonNullElse(outcome.message(), "no reason given");
      return "repair Job " + jobName + " failed: " + error;
    }
    if (report == null) {
      return "Job " + jobName + " repaired the schema history; " + NOT_UNDONE;
    }
    List<String> done = new ArrayList<>();
    done.addAll(entries(report.path("removed"), "removed failed "));
    done.addAll(entries(report.path("realigned"), "realigned "));
    return "Job "
        + jobName
        + (done.isEmpty()
            ? " found nothing to repair"
            : " repaired the schema history: " + String.join(", ", done))
        + "; "
        + NOT_UNDONE;
  }

  private static List<String> entries(JsonNode list, String what) {
    List<String> entries = new ArrayList<>();
    list.forEach(
        entry ->
            entries.add(
                what
                    + entry.path("script").asText(entry.path("version").asText("?"))
                    + (entry.hasNonNull("version")
                        ? " (version " + entry.get("version").asText() + ")"
                        : "")));
    return entries;
  }

  private static JsonNode parse(String json) {
    try {
      JsonNode node = JSON.readTree(json);
      return node != null && node.isObject() ? node : null;
    } catch (Exception e) {
      return null;
    }
  }
}
