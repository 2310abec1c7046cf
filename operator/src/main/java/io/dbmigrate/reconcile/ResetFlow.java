package io.dbmigrate.reconcile;

import io.dbmigrate.api.DatabaseMigration;
import io.dbmigrate.api.DatabaseMigrationStatus;
import io.dbmigrate.api.ResetResult;
import io.dbmigrate.api.ResetStatus;
import io.dbmigrate.config.Environments;
import io.dbmigrate.reconcile.OwnedJobs.OwnedJob;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A reset request ({@code dbmigrate.io/reset-requested=<token>}): a Job that cleans the development
 * database and applies the current inputs again, once per token.
 */
final class ResetFlow extends JobFlow {
  private final String token;

  ResetFlow(FlowContext context, String token) {
    super(
        context,
        context.jobs().reset(context.resource(), context.digest(), context.images(), token),
        "to reset the development database");
    this.token = token;
  }

  /** The token of a request not answered yet (or still running), if there is one. */
  static Optional<String> pending(DatabaseMigration resource) {
    return Annotations.get(resource, Annotations.RESET_REQUESTED)
        .filter(token -> !handled(resource.getStatus(), token));
  }

  /**
   * Why this resource may not be reset, if it may not: only in development, and only when the spec
   * allows it. A refused request is recorded, so it is explained once and not acted on.
   */
  static Optional<String> refusal(DatabaseMigration resource) {
    String environment =
        Objects.requireNonNullElse(resource.getSpec().getEnvironment(), Environments.DEFAULT);
    if (!Environments.isDevelopment(environment)) {
      return Optional.of(
          "reset refused: it only runs with environment development, and this resource's environment is "
              + environment);
    }
    if (!Boolean.TRUE.equals(resource.getSpec().getAllowReset())) {
      return Optional.of(
          "reset refused: spec.allowReset is not true; set it to allow resets of this development database");
    }
    return Optional.empty();
  }

  /** The status of a refused request, and its Warning (once per token). */
  Ended refused(String why) {
    DatabaseMigrationStatus status =
        statuses.withReset(
            resource,
            statuses.upToDate(resource),
            new ResetStatus(token, ResetResult.Refused, why + "; nothing was changed", null));
    return new Ended(
        status,
        List.of(
            Announcement.once(
                true, EventRecorder.RESET_REFUSED, token, why + " (nothing was changed)")));
  }

  @Override
  DatabaseMigrationStatus running(String jobName) {
    return statuses.withReset(
        resource,
        statuses.migrating(resource, jobName),
        new ResetStatus(
            token,
            ResetResult.Running,
            "Job " + jobName + " is cleaning the database and applying everything again",
            jobName));
  }

  @Override
  Ended ended(OwnedJob job, JobOutcome outcome) {
    boolean succeeded = outcome.state() == JobOutcome.State.SUCCEEDED;
    DatabaseMigrationStatus status =
        succeeded
            ? statuses.succeeded(resource, job.name(), digest, outcome)
            : statuses.failed(resource, job.name(), outcome);
    Announcement end = JobFlow.migrationRunEnded(job, status);
    String message =
        succeeded
            ? "the database was cleaned and migrated again by Job " + job.name()
            : "reset failed: " + StatusComputer.failureMessage(job.name(), outcome);
    ResetResult result = succeeded ? ResetResult.Succeeded : ResetResult.Failed;
    return new Ended(
        statuses.withReset(resource, status, new ResetStatus(token, result, message, job.name())),
        List.of(end));
  }

  /** Each reset token is acted on once; a running one is followed until it ends. */
  private static boolean handled(DatabaseMigrationStatus stored, String token) {
    return stored != null
        && stored.getReset() != null
        && token.equals(stored.getReset().getToken())
        && stored.getReset().getResult() != ResetResult.Running;
  }
}
