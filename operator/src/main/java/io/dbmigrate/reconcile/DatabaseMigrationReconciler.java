package io.dbmigrate.reconcile;

import io.dbmigrate.api.DatabaseMigration;
import io.dbmigrate.api.DatabaseMigrationStatus;
import io.dbmigrate.api.JobSpec;
import io.dbmigrate.api.Phase;
import io.dbmigrate.gate.GateReleaser;
import io.dbmigrate.gate.MigrationState;
import io.dbmigrate.health.HealthMetrics;
import io.dbmigrate.health.HealthProber;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Observe, validate, act, record: reads the resource's inputs, runs one Job per input digest, turns
 * the Job's outcome into status and Events, and releases the pods gated on the result. The status
 * is written only when it changed.
 */
@ControllerConfiguration(name = DatabaseMigrationReconciler.NAME)
public class DatabaseMigrationReconciler implements Reconciler<DatabaseMigration> {
  public static final String NAME = "databasemigration";

  /**
   * How soon a resource whose input is missing looks again, in case the fix carries no watch label.
   */
  static final Duration INVALID_INPUT_RECHECK = Duration.ofMinutes(1);

  private static final Logger LOG = LoggerFactory.getLogger(DatabaseMigrationReconciler.class);

  private final MigrationJobFactory jobs;
  private final StatusComputer statuses;
  private final StatusRecorder recorder = new StatusRecorder();
  private final GateReleaser gates = new GateReleaser();
  private final ResourceHealth health;
  private final HealthEvents healthEvents;
  private final JobRuns runs;
  private final Approvals approvals;
  private final Resets resets;
  private final Clock clock;

  DatabaseMigrationReconciler(
      OperatorSettings settings,
      Clock clock,
      HealthProber prober,
      HealthEvents healthEvents,
      HealthMetrics metrics) {
    this.jobs = new MigrationJobFactory(settings);
    this.statuses = new StatusComputer(clock);
    this.health = new ResourceHealth(prober, clock);
    this.healthEvents = healthEvents;
    this.runs = new JobRuns(statuses, metrics);
    this.approvals = new Approvals(jobs, statuses, runs);
    this.resets = new Resets(jobs, statuses, runs);
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
    Step step = decide(resource, context, events);
    pruneJobs(resource, context, step.status());
    // The latest health joins every computed status; a resource with broken inputs is not probed.
    DatabaseMigrationStatus status =
        step.inputs() == null
            ? health.untrack(resource, step.status())
            : health.track(resource, step.inputs(), step.digest(), step.status());
    status = releaseGates(resource, status, context, events);
    UpdateControl<DatabaseMigration> control = recorder.record(resource, status);
    return step.inputs() == null ? control.rescheduleAfter(INVALID_INPUT_RECHECK) : control;
  }

  /**
   * A reconcile threw: not because of an input (those stall in {@link #decide}), but because the
   * API server or the cluster refused something. JOSDK retries with backoff; the status says why
   * meanwhile, bounded and masked like every status.
   */
  @Override
  public ErrorStatusUpdateControl<DatabaseMigration> updateErrorStatus(
      DatabaseMigration resource, Context<DatabaseMigration> context, Exception error) {
    LOG.warn("{}: reconcile failed, will retry: {}", id(resource), error.toString());
    return recorder.recordError(resource, statuses.reconcileError(resource, error));
  }

  /**
   * What the migration part computed: the status, and the inputs and digest it was computed from
   * (null when an input is missing or invalid and the resource waits for a fix).
   */
  private record Step(DatabaseMigrationStatus status, MigrationInputs inputs, String digest) {}

  private static void pruneJobs(
      DatabaseMigration resource,
      Context<DatabaseMigration> context,
      DatabaseMigrationStatus status) {
    JobSpec job = resource.getSpec() == null ? null : resource.getSpec().getJob();
    int keep =
        job == null || job.getHistoryLimit() == null
            ? JobSpec.DEFAULT_HISTORY_LIMIT
            : Math.max(1, job.getHistoryLimit());
    String lastJob = status.getLastJob() == null ? null : status.getLastJob().getName();
    new OwnJobs(context.getClient(), context.getSecondaryResources(Job.class))
        .pruneFinished(keep, lastJob, id(resource));
  }

  /** Reads the inputs and picks what to do: reset, nothing, plan for approval, or migrate. */
  private Step decide(
      DatabaseMigration resource, Context<DatabaseMigration> context, MigrationEvents events) {
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
    Optional<String> resetToken = Resets.pending(resource);
    if (resetToken.isPresent()) {
      return new Step(
          resets.reset(resource, ownJobs, digest, resetToken.get(), events), inputs, digest);
    }
    if (stored != null
        && digest.equals(stored.getAppliedDigest())
        && stored.getPhase() == Phase.Ready) {
      return new Step(statuses.upToDate(resource), inputs, digest);
    }
    if (Approvals.pending(resource, digest)) {
      return new Step(approvals.plan(resource, ownJobs, digest, events), inputs, digest);
    }
    return new Step(migrate(resource, ownJobs, digest, events), inputs, digest);
  }

  /** Applies the inputs with this digest in their Job, and turns its end into status. */
  private DatabaseMigrationStatus migrate(
      DatabaseMigration resource, OwnJobs ownJobs, String digest, MigrationEvents events) {
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
    if (ownJobs.named(jobName).isEmpty()) {
      Optional<String> unreachable = health.unreachable(resource);
      if (unreachable.isPresent()) {
        // A Job now would fail at once, and a failed run is not retried until its input changes:
        // the resource would stay Failed after the database is back. The probe that finds the
        // database answering again brings a reconcile, which starts the Job.
        if (!waitingForDatabase(stored)) {
          LOG.info(
              "{}: waiting for the database before starting Job {}: {}",
              id(resource),
              jobName,
              unreachable.get());
        }
        return statuses.waitingForDatabase(resource, unreachable.get());
      }
    }
    return runs.run(
        resource,
        ownJobs,
        desired,
        events,
        "to apply migrations",
        () -> statuses.migrating(resource, jobName),
        outcome -> {
          DatabaseMigrationStatus status =
              outcome.state() == JobOutcome.State.SUCCEEDED
                  ? statuses.succeeded(resource, jobName, digest, outcome)
                  : statuses.failed(resource, jobName, outcome);
          runs.announceTransition(resource, events, status);
          return status;
        });
  }

  /**
   * Lets the pods gated on this resource go when its new status satisfies them, and counts those
   * that still wait. Pods waiting on a failed migration are announced, since their rollout is stuck
   * until someone acts.
   */
  private DatabaseMigrationStatus releaseGates(
      DatabaseMigration resource,
      DatabaseMigrationStatus status,
      Context<DatabaseMigration> context,
      MigrationEvents events) {
    List<Pod> pods = EventSources.gatedPodsRequiring(resource, context);
    MigrationState state = MigrationState.of(status, resource.getMetadata().getGeneration());
    int waiting =
        pods.isEmpty()
            ? 0
            : gates.release(context.getClient(), pods, resource.getMetadata().getName(), state);
    Integer before = resource.getStatus() == null ? null : resource.getStatus().getGatedPods();
    status.setGatedPods(waiting);
    boolean failed = status.getPhase() == Phase.Failed;
    boolean wasFailed =
        resource.getStatus() != null && resource.getStatus().getPhase() == Phase.Failed;
    if (waiting > 0 && failed && (!wasFailed || !Integer.valueOf(waiting).equals(before))) {
      String why =
          Conditions.find(status.getConditions(), Conditions.READY)
              .map(c -> c.getMessage())
              .orElse("");
      String message =
          waiting
              + (waiting == 1 ? " pod waits" : " pods wait")
              + " for this migration, which failed: "
              + why;
      LOG.warn("{}: {}", id(resource), message);
      events.warning(resource, MigrationEvents.PODS_WAITING, message);
    }
    return status;
  }

  private static boolean waitingForDatabase(DatabaseMigrationStatus stored) {
    return stored != null
        && Conditions.find(stored.getConditions(), Conditions.READY)
            .map(c -> StatusComputer.REASON_WAITING_FOR_DATABASE.equals(c.getReason()))
            .orElse(false);
  }

  private static boolean alreadyRecorded(DatabaseMigrationStatus stored, String jobName) {
    return stored != null
        && stored.getLastJob() != null
        && jobName.equals(stored.getLastJob().getName());
  }

  private static boolean sameReadyCondition(
      DatabaseMigrationStatus before, DatabaseMigrationStatus after) {
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
