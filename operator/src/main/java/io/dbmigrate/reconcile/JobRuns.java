package io.dbmigrate.reconcile;

import io.dbmigrate.api.DatabaseMigration;
import io.dbmigrate.api.DatabaseMigrationStatus;
import io.dbmigrate.api.JobReference;
import io.dbmigrate.health.HealthMetrics;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the Jobs of a resource, one at a time, and announces how they end: the part the migrate,
 * plan and reset flows share.
 */
final class JobRuns {
  private static final Logger LOG = LoggerFactory.getLogger(JobRuns.class);

  private final StatusComputer statuses;
  private final HealthMetrics metrics;

  JobRuns(StatusComputer statuses, HealthMetrics metrics) {
    this.statuses = statuses;
    this.metrics = metrics;
  }

  /**
   * Creates the Job when it is missing (after any other run of the resource has ended), and returns
   * the status while it runs or the status its outcome gives.
   */
  DatabaseMigrationStatus run(
      DatabaseMigration resource,
      OwnJobs ownJobs,
      Job desired,
      MigrationEvents events,
      String purpose,
      Supplier<DatabaseMigrationStatus> whileRunning,
      Function<JobOutcome, DatabaseMigrationStatus> whenFinished) {
    String jobName = desired.getMetadata().getName();
    Optional<Job> job = ownJobs.named(jobName);
    if (job.isEmpty()) {
      Optional<Job> other = ownJobs.running();
      if (other.isPresent()) {
        // One run at a time per resource: this one waits for the older run to end.
        return statuses.migrating(resource, other.get().getMetadata().getName());
      }
      if (ownJobs.create(desired)) {
        LOG.info(
            "{}: created Job {} {}", DatabaseMigrationReconciler.id(resource), jobName, purpose);
        events.normal(resource, MigrationEvents.STARTED, "Job " + jobName + " started " + purpose);
      }
      return whileRunning.get();
    }
    JobOutcome outcome = ownJobs.outcome(job.get());
    return outcome.finished() ? whenFinished.apply(outcome) : whileRunning.get();
  }

  /** An Event (and the job metrics) when a Job's end is recorded for the first time. */
  void announceTransition(
      DatabaseMigration resource, MigrationEvents events, DatabaseMigrationStatus status) {
    JobReference before = resource.getStatus() == null ? null : resource.getStatus().getLastJob();
    JobReference after = status.getLastJob();
    if (after == null
        || (before != null
            && Objects.equals(before.getName(), after.getName())
            && Objects.equals(before.getResult(), after.getResult()))) {
      return;
    }
    String message =
        Conditions.find(status.getConditions(), Conditions.READY)
            .map(c -> c.getMessage())
            .orElse("");
    if ("Succeeded".equals(after.getResult()) || "Failed".equals(after.getResult())) {
      Long durationMs =
          status.getMigrations() == null ? null : status.getMigrations().getLastRunDurationMs();
      metrics.jobFinished(
          after.getResult(), durationMs == null ? null : Duration.ofMillis(durationMs));
    }
    if ("Succeeded".equals(after.getResult())) {
      LOG.info(
          "{}: Job {} succeeded: {}",
          DatabaseMigrationReconciler.id(resource),
          after.getName(),
          message);
      events.normal(resource, MigrationEvents.SUCCEEDED, message);
    } else if ("Failed".equals(after.getResult())) {
      LOG.warn(
          "{}: Job {} failed: {}",
          DatabaseMigrationReconciler.id(resource),
          after.getName(),
          message);
      events.warning(resource, MigrationEvents.FAILED, message);
    }
  }
}
