package io.dbmigrate.reconcile;

import io.dbmigrate.api.DatabaseMigration;
import io.dbmigrate.api.DatabaseMigrationStatus;
import io.dbmigrate.api.Phase;
import io.dbmigrate.api.PlanStatus;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Approval first: a plan Job shows what the inputs would change, and the resource waits in
 * AwaitingApproval until the {@code dbmigrate.io/approved-digest} annotation names this plan's
 * digest.
 */
final class Approvals {
  private static final Logger LOG = LoggerFactory.getLogger(Approvals.class);

  private final MigrationJobFactory jobs;
  private final StatusComputer statuses;
  private final JobRuns runs;

  Approvals(MigrationJobFactory jobs, StatusComputer statuses, JobRuns runs) {
    this.jobs = jobs;
    this.statuses = statuses;
    this.runs = runs;
  }

  /** Whether the inputs with this digest still wait for an approval. */
  static boolean pending(DatabaseMigration resource, String digest) {
    boolean required =
        resource.getSpec().getApproval() != null
            && Boolean.TRUE.equals(resource.getSpec().getApproval().getRequired());
    return required
        && Annotations.get(resource, Annotations.APPROVED_DIGEST).filter(digest::equals).isEmpty();
  }

  private static PlanStatus unreadablePlan(String digest) {
    PlanStatus plan = new PlanStatus();
    plan.setDigest(digest);
    plan.setMigrations(List.of());
    plan.setSeeds(List.of());
    plan.setProblems(List.of("the plan Job ended without a readable plan; see its logs"));
    return plan;
  }

  DatabaseMigrationStatus plan(
      DatabaseMigration resource, OwnJobs ownJobs, String digest, MigrationEvents events) {
    Optional<String> approval = Annotations.get(resource, Annotations.APPROVED_DIGEST);
    String stale = approval.filter(a -> !a.equals(digest)).orElse(null);
    DatabaseMigrationStatus stored = resource.getStatus();
    Job desired = jobs.plan(resource, digest);
    String jobName = desired.getMetadata().getName();
    if (stored != null
        && stored.getPlan() != null
        && digest.equals(stored.getPlan().getDigest())
        && stored.getPhase() == Phase.AwaitingApproval) {
      // The plan is known: only the approval can have changed.
      DatabaseMigrationStatus status =
          statuses.awaitingApproval(
              resource,
              stored.getPlan(),
              jobName,
              stored.getLastJob() == null ? null : stored.getLastJob().getFinishedAt(),
              stale);
      announceStaleApproval(resource, events, stale, digest);
      return status;
    }
    return runs.run(
        resource,
        ownJobs,
        desired,
        events,
        "to plan the migrations for approval",
        () -> statuses.planning(resource, jobName),
        outcome -> {
          if (outcome.state() == JobOutcome.State.FAILED) {
            DatabaseMigrationStatus failed = statuses.failed(resource, jobName, outcome);
            runs.announceTransition(resource, events, failed);
            return failed;
          }
          PlanStatus plan =
              outcome
                  .report()
                  .flatMap(report -> PlanReport.read(report, digest))
                  .orElseGet(() -> unreadablePlan(digest));
          events.normal(
              resource,
              MigrationEvents.PLAN_READY,
              "the plan for digest "
                  + digest.substring(0, 12)
                  + " waits for approval: "
                  + plan.getMigrations().size()
                  + " migrations, "
                  + plan.getProblems().size()
                  + " problems");
          announceStaleApproval(resource, events, stale, digest);
          return statuses.awaitingApproval(resource, plan, jobName, outcome.finishedAt(), stale);
        });
  }

  /** A stale approval is announced once: when the status does not mention it yet. */
  private static void announceStaleApproval(
      DatabaseMigration resource, MigrationEvents events, String stale, String digest) {
    if (stale == null) {
      return;
    }
    boolean known =
        resource.getStatus() != null
            && Conditions.find(resource.getStatus().getConditions(), Conditions.READY)
                .map(
                    c ->
                        c.getMessage() != null
                            && c.getMessage()
                                .contains(stale.substring(0, Math.min(16, stale.length()))))
                .orElse(false);
    if (!known) {
      String message =
          "the approved digest "
              + stale
              + " is not the digest of the current plan ("
              + digest
              + "): nothing was applied; approve the current plan to apply it";
      LOG.warn("{}: {}", DatabaseMigrationReconciler.id(resource), message);
      events.warning(resource, MigrationEvents.APPROVAL_STALE, message);
    }
  }

  private static boolean approvalRequired(DatabaseMigration resource) {
    return resource.getSpec().getApproval() != null
        && Boolean.TRUE.equals(resource.getSpec().getApproval().getRequired());
  }
}
