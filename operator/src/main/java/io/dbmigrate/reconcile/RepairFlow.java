package io.dbmigrate.reconcile;

import io.dbmigrate.api.DatabaseMigration;
import io.dbmigrate.api.DatabaseMigrationStatus;
import io.dbmigrate.api.JobResult;
import io.dbmigrate.reconcile.OwnedJobs.OwnedJob;
import java.util.List;
import java.util.Optional;

/**
 * A Flyway repair of the schema history, asked for with {@code
 * dbmigrate.io/repair-requested=<token>} and run once per token in a Job: it removes failed entries
 * and realigns checksums and descriptions, so that the migrations can run again. It does not undo
 * what a failed non-transactional migration left in the database; the messages say so.
 */
final class RepairFlow extends JobFlow {
  private final String token;

  RepairFlow(FlowContext context, String token) {
    super(
        context,
        context.jobs().repair(context.resource(), context.digest(), context.images(), token),
        "to repair the schema history");
    this.token = token;
  }

  /** The token of a request not answered yet (or still running), if there is one. */
  static Optional<String> pending(DatabaseMigration resource) {
    return Annotations.get(resource, Annotations.REPAIR_REQUESTED)
        .filter(token -> !handled(resource.getStatus(), token));
  }

  @Override
  DatabaseMigrationStatus running(String jobName) {
    return statuses.repairing(resource, jobName, token);
  }

  @Override
  Ended ended(OwnedJob job, JobOutcome outcome) {
    boolean succeeded = outcome.state() == JobOutcome.State.SUCCEEDED;
    String what = RepairReport.describe(job.name(), outcome);
    DatabaseMigrationStatus status = statuses.repaired(resource, job.name(), token, outcome, what);
    return new Ended(
        status,
        List.of(
            Announcement.once(
                !succeeded,
                succeeded ? EventRecorder.REPAIRED : EventRecorder.REPAIR_FAILED,
                token,
                what)));
  }

  private static boolean handled(DatabaseMigrationStatus stored, String token) {
    return stored != null
        && stored.getRepair() != null
        && token.equals(stored.getRepair().getToken())
        && stored.getRepair().getResult() != JobResult.Running;
  }
}
