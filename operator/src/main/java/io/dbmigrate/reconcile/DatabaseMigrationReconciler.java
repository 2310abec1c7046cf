package io.dbmigrate.reconcile;

import io.dbmigrate.api.DatabaseMigration;
import io.dbmigrate.health.HealthProber;
import io.dbmigrate.registry.ImageRegistry;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Observe, decide, act, record. {@link Observer} reads the inputs, Jobs, gated pods and latest
 * health; {@link Decider} computes the whole new status and what to do, touching nothing; {@link
 * Actor} starts the Job, prunes, lifts gates and registers the probe; then the status is written
 * (only when it changed) and the Events are recorded, each Job's end once.
 */
@ControllerConfiguration(name = DatabaseMigrationReconciler.NAME)
public class DatabaseMigrationReconciler implements Reconciler<DatabaseMigration> {
  public static final String NAME = "databasemigration";

  /** How soon to try again when the API server refused to lift a gate. */
  static final Duration GATE_RETRY = Duration.ofSeconds(30);

  private static final Logger LOG = LoggerFactory.getLogger(DatabaseMigrationReconciler.class);

  private final Observer observer;
  private final Decider decider;
  private final Actor actor;
  private final StatusRecorder recorder = new StatusRecorder();
  private final Announcer announcer;
  private final StatusComputer statuses;
  private final HealthEvents healthEvents;

  DatabaseMigrationReconciler(
      OperatorSettings settings,
      Clock clock,
      HealthProber prober,
      HealthEvents healthEvents,
      MeterRegistry registry) {
    MigrationJobFactory jobs = new MigrationJobFactory(settings);
    this.observer =
        new Observer(
            jobs,
            new InputReads(settings.recheckInterval(), clock),
            new ImagePins(new ImageRegistry(), clock),
            prober);
    this.decider = new Decider(jobs, clock);
    this.actor = new Actor(prober);
    this.announcer = new Announcer(new EventRecorder(clock), new JobMetrics(registry));
    this.statuses = new StatusComputer(clock);
    this.healthEvents = healthEvents;
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
    KubernetesClient client = context.getClient();
    Decision decision = decider.decide(observer.observe(resource, context));
    Actor.Acted acted = actor.act(client, resource, decision);
    UpdateControl<DatabaseMigration> control = recorder.record(resource, decision.status());
    announcer.announce(client, resource, decision.announcements());
    announcer.announce(client, resource, acted.announcements());
    Optional<Duration> recheck =
        acted.gatesRefused() ? Optional.of(GATE_RETRY) : decision.recheck();
    return recheck.map(control::rescheduleAfter).orElse(control);
  }

  /**
   * A reconcile threw: not because of an input (those stall in the decision), but because the API
   * server or the cluster refused something. JOSDK retries with backoff; the status says why
   * meanwhile, bounded and masked like every status.
   */
  @Override
  public ErrorStatusUpdateControl<DatabaseMigration> updateErrorStatus(
      DatabaseMigration resource, Context<DatabaseMigration> context, Exception error) {
    LOG.warn("{}: reconcile failed, will retry: {}", Decider.id(resource), error.toString());
    return recorder.recordError(resource, statuses.reconcileError(resource, error));
  }
}
