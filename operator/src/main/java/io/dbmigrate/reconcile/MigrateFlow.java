package io.dbmigrate.reconcile;

import io.dbmigrate.api.DatabaseMigrationStatus;
import io.dbmigrate.reconcile.OwnedJobs.OwnedJob;
import java.util.List;

/** Applies the inputs with one digest: {@code <name>-<digest>} runs {@code dbmigrate migrate}. */
final class MigrateFlow extends JobFlow {
  MigrateFlow(FlowContext context) {
    super(
        context,
        context.jobs().migrate(context.resource(), context.digest(), context.images()),
        "to apply migrations");
  }

  @Override
  DatabaseMigrationStatus running(String jobName) {
    return statuses.migrating(resource, jobName);
  }

  @Override
  Ended ended(OwnedJob job, JobOutcome outcome) {
    DatabaseMigrationStatus status =
        outcome.state() == JobOutcome.State.SUCCEEDED
            ? statuses.succeeded(resource, job.name(), digest, outcome)
            : statuses.failed(resource, job.name(), outcome);
    return new Ended(status, List.of(JobFlow.migrationRunEnded(job, status)));
  }
}
