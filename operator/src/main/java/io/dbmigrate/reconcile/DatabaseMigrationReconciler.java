package io.dbmigrate.reconcile;

import io.dbmigrate.api.DatabaseMigration;
import io.dbmigrate.api.DatabaseMigrationSpec;
import io.dbmigrate.api.DatabaseMigrationStatus;
import io.dbmigrate.api.JobReference;
import io.dbmigrate.api.Phase;
import io.dbmigrate.api.PlanStatus;
import io.dbmigrate.api.ResetStatus;
import io.dbmigrate.gate.GateReleaser;
import io.dbmigrate.gate.MigrationState;
import io.dbmigrate.health.HealthMetrics;
import io.dbmigrate.health.HealthProber;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Observe, validate, act, record: reads the resource's inputs, runs one Job per input digest,
 * turns the Job's outcome into status and Events, and releases the pods gated on the result. The status is written only when it
 * changed.
 */
@ControllerConfiguration(name = DatabaseMigrationReconciler.NAME)
public class DatabaseMigrationReconciler implements Reconciler<DatabaseMigration> {
  public static final String NAME = "databasemigration";
  /** How soon a resource whose input is missing looks again, in case the fix carries no watch label. */
  static final Duration INVALID_INPUT_RECHECK = Duration.ofMinutes(1);

  private static final Logger LOG = LoggerFactory.getLogger(DatabaseMigrationReconciler.class);

  private final MigrationJobFactory jobs;
  private final StatusComputer statuses;
  private final StatusRecorder recorder = new StatusRecorder();
  private final GateReleaser gates = new GateReleaser();
  private final ResourceHealth health;
  private final HealthEvents healthEvents;
  private final HealthMetrics metrics;
  private final Clock clock;

  DatabaseMigrationReconciler(OperatorSettings settings, Clock clock, HealthProber prober, HealthEvents healthEvents,
      HealthMetrics metrics) {
    this.jobs = new MigrationJobFactory(settings);
    this.statuses = new StatusComputer(clock);
    this.health = new ResourceHealth(prober, clock);
    this.healthEvents = healthEvents;
    this.metrics = metrics;
    this.clock = clock;
  }

  @Override
  public List<EventSource<?, DatabaseMigration>> prepareEventSources(
      EventSourceContext<DatabaseMigration> context) {
    healthEvents.watch(context.getPrimaryCache());
    List<EventSource<?, DatabaseMigration>> sources = new ArrayList<>(EventSources.of(context));
    sources.add(healthEvents);
    return sources;
  }

  @Override
  public UpdateControl<DatabaseMigration> reconcile(
      DatabaseMigration resource, Context<DatabaseMigration> context) {
    MigrationEvents events = new MigrationEvents(context.getClient(), clock);
    Step step = migrate(resource, context, events);
    // The latest health joins every computed status; a resource with broken inputs is not probed.
    DatabaseMigrationStatus status = step.inputs() == null
        ? health.untrack(resource, step.status())
        : health.track(resource, step.inputs(), step.digest(), step.status());
    status = releaseGates(resource, status, context, events);
    UpdateControl<DatabaseMigration> control = recorder.record(resource, status);
    return step.inputs() == null ? control.rescheduleAfter(INVALID_INPUT_RECHECK) : control;
  }

  /**
   * What the migration part computed: the status, and the inputs and digest it was computed
   * from (null when an input is missing or invalid and the resource waits for a fix).
   */
  private record Step(DatabaseMigrationStatus status, MigrationInputs inputs, String digest) {}

  private Step migrate(DatabaseMigration resource, Context<DatabaseMigration> context, MigrationEvents events) {
    KubernetesClient client = context.getClient();
    MigrationInputs inputs;
    try {
      inputs = new InputResolver(client).resolve(resource);
    } catch (InvalidInputException problem) {
      DatabaseMigrationStatus status = statuses.invalidInput(resource, problem);
      if (!sameReadyCondition(resource.getStatus(), status)) {
        LOG.warn("{}: {}: {}", id(resource), problem.reason(), problem.getMessage());
        events.warning(resource, problem.reason(), problem.getMessage());
      }
      return new Step(status, null, null);
    }

    String digest = InputDigest.of(resource.getSpec(), inputs, jobs.imageFor(resource.getSpec()));
    OwnJobs ownJobs = new OwnJobs(client, context.getSecondaryResources(Job.class));
    DatabaseMigrationStatus stored = resource.getStatus();
    Optional<String> resetToken = Annotations.get(resource, Annotations.RESET_REQUESTED);
    if (resetToken.isPresent() && !resetHandled(stored, resetToken.get())) {
      return new Step(reset(resource, ownJobs, digest, resetToken.get(), events), inputs, digest);
    }
    if (stored != null && digest.equals(stored.getAppliedDigest()) && stored.getPhase() == Phase.Ready) {
      return new Step(statuses.upToDate(resource), inputs, digest);
    }
    if (approvalRequired(resource) && !Annotations.get(resource, Annotations.APPROVED_DIGEST).filter(digest::equals).isPresent()) {
      return new Step(plan(resource, ownJobs, digest, events), inputs, digest);
    }
    return new Step(migrate(resource, ownJobs, digest, events), inputs, digest);
  }

  /** Applies the inputs with this digest in their Job, and turns its end into status. */
  private DatabaseMigrationStatus migrate(DatabaseMigration resource, OwnJobs ownJobs, String digest, MigrationEvents events) {
    DatabaseMigrationStatus stored = resource.getStatus();
    Job desired = jobs.migrate(resource, digest);
    String jobName = desired.getMetadata().getName();
    if (alreadyRecorded(stored, jobName) && stored.getPhase() == Phase.Failed) {
      if (ownJobs.named(jobName).isPresent()) {
        // A failed run stays failed until its input changes; its pods need not be read again.
        return statuses.upToDate(resource);
      }
      LOG.info("{}: failed Job {} was deleted, running its input again", id(resource), jobName);
    }
    return runJob(resource, ownJobs, desired, events, "to apply migrations",
        () -> statuses.migrating(resource, jobName),
        outcome -> {
          DatabaseMigrationStatus status = outcome.state() == JobOutcome.State.SUCCEEDED
              ? statuses.succeeded(resource, jobName, digest, outcome)
              : statuses.failed(resource, jobName, outcome);
          announceTransition(resource, events, status);
          return status;
        });
  }

  /**
   * Approval first: a plan Job shows what the inputs would change, and the resource waits in
   * AwaitingApproval until the approved-digest annotation names this plan's digest.
   */
  private static PlanStatus unreadablePlan(String digest) {
    PlanStatus plan = new PlanStatus();
    plan.setDigest(digest);
    plan.setMigrations(List.of());
    plan.setSeeds(List.of());
    plan.setProblems(java.util.List.of("the plan Job ended without a readable plan; see its logs"));
    return plan;
  }

  private DatabaseMigrationStatus plan(DatabaseMigration resource, OwnJobs ownJobs, String digest, MigrationEvents events) {
    Optional<String> approval = Annotations.get(resource, Annotations.APPROVED_DIGEST);
    String stale = approval.filter(a -> !a.equals(digest)).orElse(null);
    DatabaseMigrationStatus stored = resource.getStatus();
    Job desired = jobs.plan(resource, digest);
    String jobName = desired.getMetadata().getName();
    if (stored != null && stored.getPlan() != null && digest.equals(stored.getPlan().getDigest())
        && stored.getPhase() == Phase.AwaitingApproval) {
      // The plan is known: only the approval can have changed.
      DatabaseMigrationStatus status = statuses.awaitingApproval(
          resource, stored.getPlan(), jobName, stored.getLastJob() == null ? null : stored.getLastJob().getFinishedAt(), stale);
      announceStaleApproval(resource, events, stale, digest);
      return status;
    }
    return runJob(resource, ownJobs, desired, events, "to plan the migrations for approval",
        () -> statuses.planning(resource, jobName),
        outcome -> {
          if (outcome.state() == JobOutcome.State.FAILED) {
            DatabaseMigrationStatus failed = statuses.failed(resource, jobName, outcome);
            announceTransition(resource, events, failed);
            return failed;
          }
          PlanStatus plan = outcome.report().flatMap(report -> PlanReport.read(report, digest))
              .orElseGet(() -> unreadablePlan(digest));
          events.normal(resource, MigrationEvents.PLAN_READY, "the plan for digest " + digest.substring(0, 12)
              + " waits for approval: " + plan.getMigrations().size() + " migrations, " + plan.getProblems().size() + " problems");
          announceStaleApproval(resource, events, stale, digest);
          return statuses.awaitingApproval(resource, plan, jobName, outcome.finishedAt(), stale);
        });
  }

  /**
   * A reset cleans the database and applies the current inputs again: only in development, only
   * when the spec allows it, and once per token. A refused request is recorded so it is
   * explained once, not acted on.
   */
  private DatabaseMigrationStatus reset(
      DatabaseMigration resource, OwnJobs ownJobs, String digest, String token, MigrationEvents events) {
    String environment = Objects.requireNonNullElse(resource.getSpec().getEnvironment(), DatabaseMigrationSpec.DEFAULT_ENVIRONMENT);
    String refusal = !"development".equals(environment)
        ? "reset refused: it only runs with environment development, and this resource's environment is " + environment
        : !Boolean.TRUE.equals(resource.getSpec().getAllowReset())
            ? "reset refused: spec.allowReset is not true; set it to allow resets of this development database"
            : null;
    if (refusal != null) {
      LOG.warn("{}: {}", id(resource), refusal);
      events.warning(resource, MigrationEvents.RESET_REFUSED, refusal + " (nothing was changed)");
      return statuses.withReset(resource, statuses.upToDate(resource), new ResetStatus(token, "Refused", refusal + "; nothing was changed", null));
    }
    Job desired = jobs.reset(resource, digest, token);
    String jobName = desired.getMetadata().getName();
    return runJob(resource, ownJobs, desired, events, "to reset the development database",
        () -> statuses.withReset(resource, statuses.migrating(resource, jobName),
            new ResetStatus(token, "Running", "Job " + jobName + " is cleaning the database and applying everything again", jobName)),
        outcome -> {
          boolean succeeded = outcome.state() == JobOutcome.State.SUCCEEDED;
          DatabaseMigrationStatus status = succeeded
              ? statuses.succeeded(resource, jobName, digest, outcome)
              : statuses.failed(resource, jobName, outcome);
          announceTransition(resource, events, status);
          String message = succeeded ? "the database was cleaned and migrated again by Job " + jobName
              : "reset failed: " + StatusComputer.failureMessage(jobName, outcome);
          return statuses.withReset(resource, status, new ResetStatus(token, succeeded ? "Succeeded" : "Failed", message, jobName));
        });
  }

  /**
   * Creates the Job when it is missing (after any other run of the resource has ended), and
   * returns the status while it runs or the status its outcome gives.
   */
  private DatabaseMigrationStatus runJob(
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
        LOG.info("{}: created Job {} {}", id(resource), jobName, purpose);
        events.normal(resource, MigrationEvents.STARTED, "Job " + jobName + " started " + purpose);
      }
      return whileRunning.get();
    }
    JobOutcome outcome = ownJobs.outcome(job.get());
    return outcome.finished() ? whenFinished.apply(outcome) : whileRunning.get();
  }

  /**
   * Lets the pods gated on this resource go when its new status satisfies them, and counts those
   * that still wait. Pods waiting on a failed migration are announced, since their rollout is
   * stuck until someone acts.
   */
  private DatabaseMigrationStatus releaseGates(
      DatabaseMigration resource, DatabaseMigrationStatus status, Context<DatabaseMigration> context, MigrationEvents events) {
    List<Pod> pods = EventSources.gatedPodsRequiring(resource, context);
    MigrationState state = MigrationState.of(status, resource.getMetadata().getGeneration());
    int waiting = pods.isEmpty() ? 0 : gates.release(context.getClient(), pods, resource.getMetadata().getName(), state);
    Integer before = resource.getStatus() == null ? null : resource.getStatus().getGatedPods();
    status.setGatedPods(waiting);
    boolean failed = status.getPhase() == Phase.Failed;
    boolean wasFailed = resource.getStatus() != null && resource.getStatus().getPhase() == Phase.Failed;
    if (waiting > 0 && failed && (!wasFailed || !Integer.valueOf(waiting).equals(before))) {
      String why = Conditions.find(status.getConditions(), Conditions.READY).map(c -> c.getMessage()).orElse("");
      String message = waiting + (waiting == 1 ? " pod waits" : " pods wait") + " for this migration, which failed: " + why;
      LOG.warn("{}: {}", id(resource), message);
      events.warning(resource, MigrationEvents.PODS_WAITING, message);
    }
    return status;
  }

  private void announceTransition(
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
        Conditions.find(status.getConditions(), Conditions.READY).map(c -> c.getMessage()).orElse("");
    if ("Succeeded".equals(after.getResult()) || "Failed".equals(after.getResult())) {
      Long durationMs = status.getMigrations() == null ? null : status.getMigrations().getLastRunDurationMs();
      metrics.jobFinished(after.getResult(), durationMs == null ? null : Duration.ofMillis(durationMs));
    }
    if ("Succeeded".equals(after.getResult())) {
      LOG.info("{}: Job {} succeeded: {}", id(resource), after.getName(), message);
      events.normal(resource, MigrationEvents.SUCCEEDED, message);
    } else if ("Failed".equals(after.getResult())) {
      LOG.warn("{}: Job {} failed: {}", id(resource), after.getName(), message);
      events.warning(resource, MigrationEvents.FAILED, message);
    }
  }

  /** A stale approval is announced once: when the status does not mention it yet. */
  private static void announceStaleApproval(
      DatabaseMigration resource, MigrationEvents events, String stale, String digest) {
    if (stale == null) {
      return;
    }
    boolean known = resource.getStatus() != null
        && Conditions.find(resource.getStatus().getConditions(), Conditions.READY)
            .map(c -> c.getMessage() != null && c.getMessage().contains(stale.substring(0, Math.min(16, stale.length()))))
            .orElse(false);
    if (!known) {
      String message = "the approved digest " + stale + " is not the digest of the current plan (" + digest
          + "): nothing was applied; approve the current plan to apply it";
      LOG.warn("{}: {}", id(resource), message);
      events.warning(resource, MigrationEvents.APPROVAL_STALE, message);
    }
  }

  private static boolean approvalRequired(DatabaseMigration resource) {
    return resource.getSpec().getApproval() != null && Boolean.TRUE.equals(resource.getSpec().getApproval().getRequired());
  }

  /** Each reset token is acted on once; a running one is followed until it ends. */
  private static boolean resetHandled(DatabaseMigrationStatus stored, String token) {
    return stored != null && stored.getReset() != null && token.equals(stored.getReset().getToken())
        && !"Running".equals(stored.getReset().getResult());
  }

  private static boolean alreadyRecorded(DatabaseMigrationStatus stored, String jobName) {
    return stored != null && stored.getLastJob() != null && jobName.equals(stored.getLastJob().getName());
  }

  private static boolean sameReadyCondition(DatabaseMigrationStatus before, DatabaseMigrationStatus after) {
    if (before == null) {
      return false;
    }
    var old = Conditions.find(before.getConditions(), Conditions.READY);
    var now = Conditions.find(after.getConditions(), Conditions.READY);
    return old.isPresent()
        && now.isPresent()
        && Objects.equals(old.get().getReason(), now.get().getReason())
        && Objects.equals(old.get().getMessage(), now.get().getMessage());
  }

  static String id(DatabaseMigration resource) {
    return resource.getMetadata().getNamespace() + "/" + resource.getMetadata().getName();
  }
}
