package io.dbmigrate.reconcile;

import io.dbmigrate.runner.RepairResult;
import io.dbmigrate.runner.RepairResult.Repaired;
import io.dbmigrate.runner.RepairResultJson;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What a repair Job reported in its termination message ({@code dbmigrate repair}'s JSON result),
 * as one sentence for the status and the Event.
 */
final class RepairReport {
  /** What repair never does, said with every result. */
  static final String NOT_UNDONE =
      "repair does not undo what a failed non-transactional migration left in the database";

  private RepairReport() {}

  static String describe(String jobName, JobOutcome outcome) {
    Optional<RepairResult> result = outcome.report().flatMap(RepairReport::parse);
    if (outcome.state() != JobOutcome.State.SUCCEEDED) {
      String error =
          result
              .map(RepairResult::error)
              .map(RepairResult.Failure::message)
              .orElse(Objects.requireNonNullElse(outcome.message(), "no reason given"));
      return "repair Job " + jobName + " failed: " + error;
    }
    if (result.isEmpty()) {
      return "Job " + jobName + " repaired the schema history; " + NOT_UNDONE;
    }
    List<String> done = new ArrayList<>();
    result.get().removed().forEach(entry -> done.add("removed failed " + name(entry)));
    result
        .get()
        .realigned()
        .forEach(
            entry ->
                done.add(
                    "realigned the "
                        + Objects.requireNonNullElse(entry.change(), "entry")
                        + " of "
                        + name(entry)));
    return "Job "
        + jobName
        + (done.isEmpty()
            ? " found nothing to repair"
            : " repaired the schema history: " + String.join(", ", done))
        + "; "
        + NOT_UNDONE;
  }

  private static String name(Repaired entry) {
    return entry.script() + (entry.version() == null ? "" : " (version " + entry.version() + ")");
  }

  private static Optional<RepairResult> parse(String json) {
    try {
      return Optional.of(new RepairResultJson().fromJson(json));
    } catch (IllegalArgumentException notARepairResult) {
      return Optional.empty();
    }
  }
}
