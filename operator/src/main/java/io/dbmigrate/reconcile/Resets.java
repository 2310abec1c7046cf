package io.dbmigrate.reconcile;

import io.dbmigrate.api.DatabaseMigration;
import io.dbmigrate.api.DatabaseMigrationSpec;
import io.dbmigrate.api.DatabaseMigrationStatus;
import io.dbmigrate.api.ResetStatus;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reset requests ({@code dbmigrate.io/reset-requested=<token>}): a Job that cleans the development
 * database and applies the current inputs again, once per token.
 */
final class Resets {
  private static final Logger LOG = LoggerFactory.getLogger(Resets.class);

  private final MigrationJobFactory jobs;
  private final StatusComputer statuses;
  private final JobRuns runs;

  Resets(MigrationJobFactory jobs, StatusComputer statuses, JobRuns runs) {
    this.jobs = jobs;
    this.statuses = statuses;
    this.runs = runs;
  }

  /** The token of a request not answered yet (or still running), if there is one. */
  static Optional<String> pending(DatabaseMigration resource) {
    return Annotations.get(resource, Annotations.RESET_REQUESTED)
        .filter(token -> !handled(resource.getStatus(), token));
  }

  /**
   * A reset cleans the database and applies the current inputs again: only in development, only
   * when the spec allows it, and once per token. A refused request is recorded so it is explained
   * once, not acted on.
   */
  DatabaseMigrationStatus reset(
      DatabaseMigration resource,
      OwnJobs ownJobs,
      String digest,
      String token,
      MigrationEvents events) {
    String environment =
        Objects.requireNonNullElse(
            resource.getSpec().getEnvironment(), DatabaseMigrationSpec.DEFAULT_ENVIRONMENT);
    String refusal =
        !"development".equals(environment)
            ? "reset refused: it only runs with environment development, and this resource's environment is "
                + environment
            : !Boolean.TRUE.equals(resource.getSpec().getAllowReset())
                ? "reset refused: spec.allowReset is not true; set it to allow resets of this development database"
                : null;
    if (refusal != null) {
      LOG.warn("{}: {}", DatabaseMigrationReconciler.id(resource), refusal);
      events.warning(resource, MigrationEvents.RESET_REFUSED, refusal + " (nothing was changed)");
      return statuses.withReset(
          resource,
          statuses.upToDate(resource),
          new ResetStatus(token, "Refused", refusal + "; nothing was changed", null));
    }
    Job desired = jobs.reset(resource, digest, token);
    String jobName = desired.getMetadata().getName();
    return runs.run(
        resource,
        ownJobs,
        desired,
        events,
        "to reset the development database",
        () ->
            statuses.withReset(
                resource,
                statuses.migrating(resource, jobName),
                new ResetStatus(
                    token,
                    "Running",
                    "Job " + jobName + " is cleaning the database and applying everything again",
                    jobName)),
        outcome -> {
          boolean succeeded = outcome.state() == JobOutcome.State.SUCCEEDED;
          DatabaseMigrationStatus status =
              succeeded
                  ? statuses.succeeded(resource, jobName, digest, outcome)
                  : statuses.failed(resource, jobName, outcome);
          runs.announceTransition(resource, events, status);
          String message =
              succeeded
                  ? "the database was cleaned and migrated again by Job " + jobName
                  : "reset failed: " + StatusComputer.failureMessage(jobName, outcome);
          return statuses.withReset(
              resource,
              status,
              new ResetStatus(token, succeeded ? "Succeeded" : "Failed", message, jobName));
        });
  }

  /** Each reset token is acted on once; a running one is followed until it ends. */
  private static boolean handled(DatabaseMigrationStatus stored, String token) {
    return stored != null
        && stored.getReset() != null
        && token.equals(stored.getReset().getToken())
        && !"Running".equals(stored.getReset().getResult());
  }
}
