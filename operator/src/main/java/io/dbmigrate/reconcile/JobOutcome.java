package io.dbmigrate.reconcile;

import io.dbmigrate.runner.RunResult;
import java.util.Optional;

/**
 * What became of a migration Job: still running, or finished with the runner's result (absent when
 * the pod never wrote one, e.g. an image that cannot be pulled or a deadline hit).
 *
 * @param message why the Job failed when the runner did not say (Kubernetes' own words)
 * @param report the pod's termination message as written (a plan Job's JSON plan, say)
 */
record JobOutcome(
    State state,
    Optional<RunResult> result,
    String finishedAt,
    String message,
    Optional<String> report) {
  enum State {
    RUNNING,
    SUCCEEDED,
    FAILED
  }

  static JobOutcome running() {
    return new JobOutcome(State.RUNNING, Optional.empty(), null, null, Optional.empty());
  }

  boolean finished() {
    return state != State.RUNNING;
  }
}
