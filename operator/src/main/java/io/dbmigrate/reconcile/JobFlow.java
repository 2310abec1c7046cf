package io.dbmigrate.reconcile;

import io.dbmigrate.api.DatabaseMigration;
import io.dbmigrate.api.DatabaseMigrationStatus;
import io.dbmigrate.api.JobResult;
import io.dbmigrate.reconcile.OwnedJobs.OwnedJob;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.util.List;

/**
 * One kind of Job through its life: the Job wanted now, the status while it runs, and the status
 * and Events its end gives. What every kind shares (one run at a time, create when missing, read
 * the end once) is {@link Decider}'s; a new kind of Job is a new flow.
 */
abstract class JobFlow {
  /**
   * What every flow works from: the resource, its input digest, its images as pinned, and how to
   * build Jobs and status.
   */
  record FlowContext(
      DatabaseMigration resource,
      String digest,
      PinnedImages images,
      MigrationJobFactory jobs,
      StatusComputer statuses) {}

  protected final DatabaseMigration resource;
  protected final String digest;
  protected final StatusComputer statuses;
  private final Job job;
  private final String purpose;

  /**
   * @param purpose what the Job is for, as the MigrationStarted Event says: "to apply migrations"
   */
  JobFlow(FlowContext context, Job job, String purpose) {
    this.resource = context.resource();
    this.digest = context.digest();
    this.statuses = context.statuses();
    this.job = job;
    this.purpose = purpose;
  }

  final Job job() {
    return job;
  }

  final String name() {
    return job.getMetadata().getName();
  }

  final String purpose() {
    return purpose;
  }

  abstract DatabaseMigrationStatus running(String jobName);

  abstract Ended ended(OwnedJob job, JobOutcome outcome);

  /** The status a Job's end gives, and what to announce about it. */
  record Ended(DatabaseMigrationStatus status, List<Announcement> announcements) {}

  /**
   * The end of a Job that ran migrations (migrate or reset): announced once per Job (its uid), with
   * the Ready message, and counted in the Job metrics.
   */
  static Announcement migrationRunEnded(OwnedJob job, DatabaseMigrationStatus status) {
    JobResult result = status.getLastJob().getResult();
    boolean failed = result == JobResult.Failed;
    Long durationMs =
        status.getMigrations() == null ? null : status.getMigrations().getLastRunDurationMs();
    return Announcement.once(
            failed,
            failed ? EventRecorder.FAILED : EventRecorder.SUCCEEDED,
            job.uid(),
            Conditions.readyMessage(status))
        .countingRun(new Announcement.JobRun(result, durationMs));
  }
}
