package io.dbmigrate.runner;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * What {@code dbmigrate repair} did to the schema history: the contract between the repair Job and
 * the reconciler, which reads it as JSON from the pod's termination message.
 *
 * @param status Succeeded or Failed
 * @param removed failed entries deleted from the history
 * @param realigned applied entries whose checksum, description or type now match their files
 * @param deleted applied entries the sources lack, marked deleted (none: repair refuses then)
 * @param error why the repair failed, null on success
 * @param truncated whether entries or message text were dropped to fit 4 KiB
 */
public record RepairResult(
    RunResult.Status status,
    List<Repaired> removed,
    List<Repaired> realigned,
    List<Repaired> deleted,
    Failure error,
    boolean truncated) {

  /**
   * One history entry repair changed.
   *
   * @param version null for a repeatable migration
   * @param change for a realigned entry, what was realigned: checksum, description or type
   */
  public record Repaired(
      String version, String script, @JsonInclude(JsonInclude.Include.NON_NULL) String change) {}

  public record Failure(String message) {}

  public RepairResult {
    removed = removed == null ? List.of() : List.copyOf(removed);
    realigned = realigned == null ? List.of() : List.copyOf(realigned);
    deleted = deleted == null ? List.of() : List.copyOf(deleted);
  }

  static RepairResult succeeded(
      List<Repaired> removed, List<Repaired> realigned, List<Repaired> deleted) {
    return new RepairResult(RunResult.Status.Succeeded, removed, realigned, deleted, null, false);
  }

  public static RepairResult failed(String message) {
    return new RepairResult(
        RunResult.Status.Failed, List.of(), List.of(), List.of(), new Failure(message), false);
  }

  public boolean succeeded() {
    return status == RunResult.Status.Succeeded;
  }

  /** Whether the history needed anything. */
  public boolean changedNothing() {
    return removed.isEmpty() && realigned.isEmpty() && deleted.isEmpty();
  }
}
