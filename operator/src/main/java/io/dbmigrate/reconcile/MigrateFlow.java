package io.dbmigrate.reconcile;

import io.dbmigrate.api.DatabaseMigration;
import io.dbmigrate.api.DatabaseMigrationStatus;
import io.dbmigrate.reconcile.OwnedJobs.OwnedJob;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.util.List;

/** Applies the inputs with one digest: {@code <name>-<digest>} runs {@code dbmigrate migrate}. */
final class MigrateFlow implements JobFlow {
  private final DatabaseMigration resource;
  private final String digest;
  private final Job job;
  private final StatusComputer statuses;

  MigrateFlow(
      DatabaseMigration resource,
      String digest,
      MigrationJobFactory jobs,
      StatusComputer statuses) {
    this.resource = resource;
    this.digest = digest;
    this.job = jobs.migrate(resource, digest);
    this.statuses = statuses;
  }

  @Override
  public Job job() {
    return job;
  }

  @Override
  public String purpose() {
    return "to apply migrations";
  }

  @Override
  public DatabaseMigrationStatus running(String jobName) {
    return statuses.migrating(resource, jobName);
  }

  @Override
  public Ended ended(OwnedJob job, JobOutcome outcome) {
    DatabaseMigrationStatus status =
        outcome.state() == JobOutcome.State.SUCCEEDED
            ? statuses.succeeded(resource, job.name(), digest, outcome)
            : statuses.failed(resource, job.name(), outcome);
    return new Ended(status, List.of(JobFlow.migrationRunEnded(job, status)));
  }
}
