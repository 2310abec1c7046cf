package io.dbmigrate.reconcile;

import io.dbmigrate.api.DatabaseMigration;
import io.dbmigrate.api.DatabaseMigrationStatus;
import io.dbmigrate.api.JobResult;
import io.dbmigrate.api.JobSpec;
import io.dbmigrate.api.Phase;
import io.dbmigrate.gate.GatePlan;
import io.dbmigrate.gate.MigrationReadiness;
import io.dbmigrate.health.RunningMigration;
import io.dbmigrate.reconcile.JobFlow.Ended;
import io.dbmigrate.reconcile.JobFlow.FlowContext;
import io.dbmigrate.reconcile.Observation.Invalid;
import io.dbmigrate.reconcile.Observation.Resolved;
import io.dbmigrate.reconcile.OwnedJobs.OwnedJob;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one function from what a reconcile observed to what it should do: the whole new status
 * (migration, health and gated pods), the Job to start, the Jobs to prune, the gates to lift, and
 * the Events. It reads nothing but the {@link Observation} and writes nothing, so it is tested
 * without a cluster.
 */
final class Decider {
  /**
   * How soon a resource whose input is missing looks again, in case the fix carries no watch label.
   */
  static final Duration INVALID_INPUT_RECHECK = Duration.ofMinutes(1);

  /** How soon a resource whose repair just succeeded looks again, to run its migrations. */
  static final Duration AFTER_REPAIR_RECHECK = Duration.ofSeconds(2);

  private static final Logger LOG = LoggerFactory.getLogger(Decider.class);

  private final MigrationJobFactory jobs;
  private final Clock clock;
  private final StatusComputer statuses;
  private final ResourceHealth health;

  Decider(MigrationJobFactory jobs, Clock clock) {
    this.jobs = jobs;
    this.clock = clock;
    this.statuses = new StatusComputer(clock);
    this.health = new ResourceHealth(clock);
  }

  Decision decide(Observation observation) {
    DatabaseMigration resource = observation.resource();
    Decision.Builder decision = new Decision.Builder();
    DatabaseMigrationStatus status;
    if (observation.inputs() instanceof Invalid invalid) {
      status = invalidInput(resource, invalid.problem(), decision);
    } else {
      Resolved resolved = (Resolved) observation.inputs();
      status = progress(observation, migration(observation, resolved, decision), decision);
      status = sources(resource, status, resolved.inputs().images(), decision);
      // The probe watches what this status says of the schema; its latest report joins the status.
      decision.probe(ResourceHealth.probeTarget(resource, resolved, status));
      status = health.withHealth(resource, status, observation.health());
    }
    status = gatedPods(observation, status, decision);
    decision.prune(observation.jobs().beyondHistory(historyLimit(resource), lastJobName(status)));
    return decision.build(status);
  }

  /**
   * While a Job applies migrations, the migration its session runs and the lock it waits for join
   * the status, and a wait is announced once per migration, lock holder and wait.
   */
  private DatabaseMigrationStatus progress(
      Observation observation, DatabaseMigrationStatus status, Decision.Builder decision) {
    boolean applying =
        status.getPhase() == Phase.Migrating
            && status.getLastJob() != null
            && status.getLastJob().getResult() == JobResult.Running;
    if (!applying || observation.run().isEmpty()) {
      return StatusComputer.withoutCurrent(status);
    }
    RunningMigration run = observation.run().get();
    if (run.waiting()) {
      String jobName = status.getLastJob().getName();
      decision.announce(
          Announcement.once(
              true,
              EventRecorder.WAITING_FOR_LOCK,
              String.join(
                  "/",
                  jobName,
                  run.script(),
                  RunningMigration.seconds(run.waitingSince()),
                  String.valueOf(
                      run.lockWait().holder() == null ? "" : run.lockWait().holder().pid())),
              "Job " + jobName + ": " + run.describe()));
    }
    return statuses.applying(observation.resource(), status, run);
  }

  /** A missing or invalid input stalls the resource, unprobed, with a Warning when it is new. */
  private DatabaseMigrationStatus invalidInput(
      DatabaseMigration resource, InvalidInputException problem, Decision.Builder decision) {
    DatabaseMigrationStatus status =
        health.withoutHealth(resource, statuses.invalidInput(resource, problem));
    if (!Objects.equals(readyOf(resource.getStatus()), readyOf(status))) {
      decision.announce(
          Announcement.counted(true, problem.reason(), problem.reason(), problem.getMessage()));
    }
    decision.recheckAfter(INVALID_INPUT_RECHECK);
    return status;
  }

  /**
   * The images' digests join the status; a registry that could not be asked is announced when it
   * starts to be, and the next lookup is scheduled.
   */
  private DatabaseMigrationStatus sources(
      DatabaseMigration resource,
      DatabaseMigrationStatus status,
      PinnedImages images,
      Decision.Builder decision) {
    status = statuses.withSources(resource, status, images);
    if (!Conditions.FALSE.equals(sourcesResolved(resource.getStatus()))) {
      for (PinnedImage image : images.unavailable()) {
        decision.announce(
            Announcement.counted(
                true, ImagePins.REASON_UNAVAILABLE, image.reference(), image.unavailable().get()));
      }
    }
    images.recheck(clock.instant()).ifPresent(decision::recheckAfter);
    return status;
  }

  private static String sourcesResolved(DatabaseMigrationStatus status) {
    return status == null
        ? null
        : Conditions.find(status.getConditions(), Conditions.SOURCES_RESOLVED)
            .map(c -> c.getStatus())
            .orElse(null);
  }

  /** Picks the flow for these inputs: a reset, nothing, a plan for approval, or a migration. */
  private DatabaseMigrationStatus migration(
      Observation observation, Resolved resolved, Decision.Builder decision) {
    DatabaseMigration resource = observation.resource();
    DatabaseMigrationStatus stored = resource.getStatus();
    String digest = resolved.digest();
    FlowContext context =
        new FlowContext(resource, digest, resolved.inputs().images(), jobs, statuses);
    Optional<String> resetToken = ResetFlow.pending(resource);
    if (resetToken.isPresent()) {
      ResetFlow reset = new ResetFlow(context, resetToken.get());
      Optional<String> refusal = ResetFlow.refusal(resource);
      return refusal.isPresent()
          ? announced(reset.refused(refusal.get()), decision)
          : run(observation, reset, decision);
    }
    Optional<String> repairToken = RepairFlow.pending(resource);
    if (repairToken.isPresent()) {
      return repair(observation, new RepairFlow(context, repairToken.get()), decision);
    }
    if (stored != null
        && digest.equals(stored.getAppliedDigest())
        && stored.getPhase() == Phase.Ready) {
      return statuses.upToDate(resource);
    }
    if (PlanFlow.pending(resource, digest)) {
      PlanFlow plan = new PlanFlow(context);
      Optional<Ended> known = plan.known();
      return known.isPresent()
          ? announced(known.get(), decision)
          : run(observation, plan, decision);
    }
    return migrate(observation, new MigrateFlow(context), decision);
  }

  /**
   * Runs the repair; once it succeeded, the failed migrate Job of these inputs is deleted, so that
   * the next reconcile runs them again (a failed run is otherwise not retried until they change).
   */
  private DatabaseMigrationStatus repair(
      Observation observation, RepairFlow flow, Decision.Builder decision) {
    DatabaseMigrationStatus status = run(observation, flow, decision);
    if (status.getRepair() != null && status.getRepair().getResult() == JobResult.Succeeded) {
      String digest = ((Resolved) observation.inputs()).digest();
      String migrateJob =
          JobNames.forDigest(observation.resource().getMetadata().getName(), digest);
      observation.jobs().named(migrateJob).ifPresent(job -> decision.prune(List.of(job.job())));
      // The deleted Job's event may bring a reconcile that still sees the repair running (the
      // status just written is not in the cache yet) and so does nothing: look again shortly.
      decision.recheckAfter(AFTER_REPAIR_RECHECK);
    }
    return status;
  }

  private DatabaseMigrationStatus migrate(
      Observation observation, MigrateFlow flow, Decision.Builder decision) {
    DatabaseMigration resource = observation.resource();
    String jobName = flow.name();
    boolean exists = observation.jobs().named(jobName).isPresent();
    if (recordedFailure(resource.getStatus(), jobName)) {
      if (exists) {
        // A failed run stays failed until its input changes; its pods need not be read again.
        return statuses.upToDate(resource);
      }
      LOG.info("{}: failed Job {} was deleted, running its input again", id(resource), jobName);
    }
    Optional<String> unreachable = ResourceHealth.unreachable(observation.health());
    if (!exists && unreachable.isPresent()) {
      // A Job now would fail at once, and a failed run is not retried until its input changes:
      // the resource would stay Failed after the database is back. The probe that finds the
      // database answering again brings a reconcile, which starts the Job.
      DatabaseMigrationStatus waiting = statuses.waitingForDatabase(resource, unreachable.get());
      if (!Objects.equals(readyOf(resource.getStatus()), readyOf(waiting))) {
        decision.announce(
            Announcement.counted(
                false,
                StatusComputer.REASON_WAITING_FOR_DATABASE,
                jobName,
                Conditions.readyMessage(waiting)));
      }
      return waiting;
    }
    return run(observation, flow, decision);
  }

  /**
   * What every kind of Job shares: one run at a time per resource, the Job created when missing (by
   * its deterministic name, so never twice), and its end turned into status once it is there.
   */
  private DatabaseMigrationStatus run(
      Observation observation, JobFlow flow, Decision.Builder decision) {
    DatabaseMigration resource = observation.resource();
    String jobName = flow.name();
    Optional<OwnedJob> job = observation.jobs().named(jobName);
    if (job.isEmpty()) {
      Optional<OwnedJob> other = observation.jobs().running();
      if (other.isPresent()) {
        // This run waits for the older one to end.
        return statuses.migrating(resource, other.get().name());
      }
      decision.start(flow.job(), flow.purpose());
      return flow.running(jobName);
    }
    if (!job.get().finished()) {
      return flow.running(jobName);
    }
    return announced(flow.ended(job.get(), job.get().outcome().get()), decision);
  }

  private static DatabaseMigrationStatus announced(Ended ended, Decision.Builder decision) {
    ended.announcements().forEach(decision::announce);
    return ended.status();
  }

  /**
   * Lifts the gates this status satisfies and counts the pods that still wait. Pods waiting on a
   * failed migration are announced, since their rollout is stuck until someone acts.
   */
  private static DatabaseMigrationStatus gatedPods(
      Observation observation, DatabaseMigrationStatus status, Decision.Builder decision) {
    DatabaseMigration resource = observation.resource();
    MigrationReadiness readiness =
        MigrationReadiness.of(status, resource.getMetadata().getGeneration());
    GatePlan gates =
        GatePlan.of(observation.gatedPods(), resource.getMetadata().getName(), readiness);
    decision.release(gates.removals());
    DatabaseMigrationStatus stored = resource.getStatus();
    Integer before = stored == null ? null : stored.getGatedPods();
    boolean wasFailed = stored != null && stored.getPhase() == Phase.Failed;
    int waiting = gates.waiting();
    status.setGatedPods(waiting);
    if (waiting > 0
        && status.getPhase() == Phase.Failed
        && (!wasFailed || !Integer.valueOf(waiting).equals(before))) {
      String message =
          waiting
              + (waiting == 1 ? " pod waits" : " pods wait")
              + " for this migration, which failed: "
              + Conditions.readyMessage(status);
      decision.announce(Announcement.counted(true, EventRecorder.PODS_WAITING, "pods", message));
    }
    return status;
  }

  private static boolean recordedFailure(DatabaseMigrationStatus stored, String jobName) {
    return stored != null
        && stored.getPhase() == Phase.Failed
        && stored.getLastJob() != null
        && jobName.equals(stored.getLastJob().getName())
        && stored.getLastJob().getResult() == JobResult.Failed;
  }

  private static int historyLimit(DatabaseMigration resource) {
    JobSpec job = resource.getSpec() == null ? null : resource.getSpec().getJob();
    return job == null || job.getHistoryLimit() == null
        ? JobSpec.DEFAULT_HISTORY_LIMIT
        : Math.max(1, job.getHistoryLimit());
  }

  private static String lastJobName(DatabaseMigrationStatus status) {
    return status.getLastJob() == null ? null : status.getLastJob().getName();
  }

  /** The Ready condition's reason and message, the part a person reads. */
  private static String readyOf(DatabaseMigrationStatus status) {
    if (status == null) {
      return null;
    }
    return Conditions.find(status.getConditions(), Conditions.READY)
        .map(c -> c.getReason() + ": " + c.getMessage())
        .orElse(null);
  }

  static String id(DatabaseMigration resource) {
    return resource.getMetadata().getNamespace() + "/" + resource.getMetadata().getName();
  }
}
