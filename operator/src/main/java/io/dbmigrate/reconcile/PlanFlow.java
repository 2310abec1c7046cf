package io.dbmigrate.reconcile;

import io.dbmigrate.api.DatabaseMigration;
import io.dbmigrate.api.DatabaseMigrationStatus;
import io.dbmigrate.api.Phase;
import io.dbmigrate.api.PlanStatus;
import io.dbmigrate.reconcile.OwnedJobs.OwnedJob;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Approval first: a plan Job ({@code <name>-plan-<digest>}) shows what the inputs would change, and
 * the resource waits in AwaitingApproval until the {@code dbmigrate.io/approved-digest} annotation
 * names this plan's digest.
 */
final class PlanFlow extends JobFlow {

  /** An approval annotation that names another digest, if any. */
  private final String staleApproval;

  PlanFlow(FlowContext context) {
    super(
        context,
        context.jobs().plan(context.resource(), context.digest(), context.images()),
        "to plan the migrations for approval");
    this.staleApproval =
        Annotations.get(context.resource(), Annotations.APPROVED_DIGEST)
            .filter(a -> !a.equals(context.digest()))
            .orElse(null);
  }

  /** Whether the inputs with this digest still wait for an approval. */
  static boolean pending(DatabaseMigration resource, String digest) {
    boolean required =
        resource.getSpec().getApproval() != null
            && Boolean.TRUE.equals(resource.getSpec().getApproval().getRequired());
    return required
        && Annotations.get(resource, Annotations.APPROVED_DIGEST).filter(digest::equals).isEmpty();
  }

  /** The plan of this digest is in the status already: only the approval can have changed. */
  Optional<Ended> known() {
    DatabaseMigrationStatus stored = resource.getStatus();
    if (stored == null
        || stored.getPlan() == null
        || !digest.equals(stored.getPlan().getDigest())
        || stored.getPhase() != Phase.AwaitingApproval) {
      return Optional.empty();
    }
    String finishedAt = stored.getLastJob() == null ? null : stored.getLastJob().getFinishedAt();
    return Optional.of(
        new Ended(
            statuses.awaitingApproval(
                resource, stored.getPlan(), name(), finishedAt, staleApproval),
            staleApprovalWarning()));
  }

  @Override
  DatabaseMigrationStatus running(String jobName) {
    return statuses.planning(resource, jobName);
  }

  @Override
  Ended ended(OwnedJob job, JobOutcome outcome) {
    if (outcome.state() == JobOutcome.State.FAILED) {
      DatabaseMigrationStatus failed = statuses.planFailed(resource, job.name(), outcome);
      return new Ended(
          failed,
          List.of(
              Announcement.once(
                  true, EventRecorder.PLAN_FAILED, job.uid(), Conditions.readyMessage(failed))));
    }
    PlanStatus plan =
        outcome
            .report()
            .flatMap(report -> PlanReport.read(report, digest))
            .orElseGet(() -> unreadablePlan(digest));
    List<Announcement> announcements = new ArrayList<>();
    announcements.add(
        Announcement.once(
            false,
            EventRecorder.PLAN_READY,
            job.uid(),
            "the plan for digest "
                + digest.substring(0, 12)
                + " waits for approval: "
                + plan.getMigrations().size()
                + " migrations, "
                + plan.getProblems().size()
                + " problems"));
    announcements.addAll(staleApprovalWarning());
    return new Ended(
        statuses.awaitingApproval(resource, plan, job.name(), outcome.finishedAt(), staleApproval),
        announcements);
  }

  /** An approval of another digest applies nothing: said once per (approval, plan) pair. */
  private List<Announcement> staleApprovalWarning() {
    if (staleApproval == null) {
      return List.of();
    }
    return List.of(
        Announcement.once(
            true,
            EventRecorder.APPROVAL_STALE,
            staleApproval + "/" + digest,
            "the approved digest "
                + staleApproval
                + " is not the digest of the current plan ("
                + digest
                + "): nothing was applied; approve the current plan to apply it"));
  }

  private static PlanStatus unreadablePlan(String digest) {
    PlanStatus plan = new PlanStatus();
    plan.setDigest(digest);
    plan.setMigrations(List.of());
    plan.setSeeds(List.of());
    plan.setProblems(List.of("the plan Job ended without a readable plan; see its logs"));
    return plan;
  }
}
