package io.dbmigrate.reconcile;

import io.dbmigrate.api.DatabaseMigration;
import io.dbmigrate.db.ConnectionPools;
import io.dbmigrate.db.RedactedOutput;
import io.dbmigrate.health.HealthHttpServer;
import io.dbmigrate.health.HealthMetrics;
import io.dbmigrate.health.HealthProber;
import io.dbmigrate.health.HealthReport;
import io.dbmigrate.health.ResourceKey;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderCallbacks;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.RuntimeInfo;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfigurationBuilder;
import io.javaoperatorsdk.operator.monitoring.micrometer.MicrometerMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Clock;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The operator the way production runs it, and as tests start it against the mock API server: the
 * JOSDK operator, the health prober with its connection pools, and the HTTP endpoints, started and
 * stopped together. With leader election every replica starts its informers and serves its
 * endpoints, and only the Lease holder processes events; a standby takes over when the holder stops
 * renewing.
 */
public final class DbMigrateOperator implements AutoCloseable {
  public static final int DEFAULT_HTTP_PORT = 8080;

  private static final Logger LOG = LoggerFactory.getLogger(DbMigrateOperator.class);

  private final Operator operator;
  private final ConnectionPools pools = new ConnectionPools();
  private final HealthProber prober;
  private final HealthHttpServer http;
  private final Leadership leadership;
  private final AtomicBoolean stopping = new AtomicBoolean();
  private final CountDownLatch terminated = new CountDownLatch(1);
  private volatile boolean lostLeadership;

  private DbMigrateOperator(
      KubernetesClient client,
      OperatorSettings settings,
      Set<String> namespaces,
      LeaderElectionSettings election,
      int httpPort) {
    this.leadership =
        election.enabled()
            ? new Leadership(election.identity(), true)
            : Leadership.withoutElection();
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    HealthMetrics metrics = new HealthMetrics(registry);
    HealthEvents healthEvents = new HealthEvents();
    this.prober = new HealthProber(pools, metrics, healthEvents, Clock.systemUTC());
    this.operator =
        new Operator(
            overrider -> {
              overrider
                  .withKubernetesClient(client)
                  // Status is patched with a JSON merge patch rather than server-side apply:
                  // every API server accepts it, including the test server.
                  .withUseSSAToPatchPrimaryResource(false)
                  .withSSABasedCreateUpdateMatchForDependentResources(false)
                  .withCloseClientOnStop(false)
                  // Reconcile counts and timings per controller, not per resource: bounded series.
                  .withMetrics(MicrometerMetrics.withoutPerResourceMetrics(registry));
              if (election.enabled()) {
                overrider.withLeaderElectionConfiguration(
                    LeaderElectionConfigurationBuilder.aLeaderElectionConfiguration(
                            election.leaseName())
                        .withLeaseNamespace(election.leaseNamespace())
                        .withIdentity(election.identity())
                        .withLeaseDuration(election.leaseDuration())
                        .withRenewDeadline(election.renewDeadline())
                        .withRetryPeriod(election.retryPeriod())
                        .withLeaderCallbacks(callbacks(election))
                        // Losing the lease is handled here (stop, then exit non-zero in the
                        // command) rather than by System.exit inside the elector, which would
                        // hang when it runs during a shutdown hook.
                        .withExitOnStopLeading(false)
                        .build());
              }
            });
    operator.register(
        new DatabaseMigrationReconciler(
            settings, Clock.systemUTC(), prober, healthEvents, registry),
        config -> {
          config.withReconciliationMaxInterval(settings.recheckInterval());
          // Spec changes bump the generation; approvals and reset requests are annotations,
          // which do not. Status writes (ours) pass neither test and cause no reconcile.
          config.withGenerationAware(false);
          config.withOnUpdateFilter(
              (updated, old) ->
                  !java.util.Objects.equals(
                          updated.getMetadata().getGeneration(), old.getMetadata().getGeneration())
                      || Annotations.changed(updated, old)
                      || updated.isMarkedForDeletion());
          if (namespaces.isEmpty()) {
            config.watchingAllNamespaces();
          } else {
            config.settingNamespaces(namespaces);
          }
        });
    // The prober's latest report where this replica probes; otherwise (a standby, or before the
    // first probe) what the status holds, so every replica behind the Service answers alike.
    this.http =
        new HealthHttpServer(
            httpPort,
            this::ready,
            registry,
            key -> prober.latest(key).or(() -> storedHealth(client, key)));
  }

  private static Optional<HealthReport> storedHealth(KubernetesClient client, ResourceKey key) {
    DatabaseMigration resource =
        client
            .resources(DatabaseMigration.class)
            .inNamespace(key.namespace())
            .withName(key.name())
            .get();
    return resource == null || resource.getStatus() == null
        ? Optional.empty()
        : ResourceHealth.fromStatus(resource.getStatus().getHealth());
  }

  /**
   * @param namespaces the namespaces to watch; empty means all
   * @param leaderElection how replicas elect the one that reconciles
   * @param httpPort the port of the health and metrics endpoints; 0 for any free port
   */
  public static DbMigrateOperator create(
      KubernetesClient client,
      OperatorSettings settings,
      Set<String> namespaces,
      LeaderElectionSettings leaderElection,
      int httpPort) {
    return new DbMigrateOperator(client, settings, namespaces, leaderElection, httpPort);
  }

  /**
   * Starts the informers and the leader election (or, without election, event processing), and the
   * HTTP endpoints.
   */
  public DbMigrateOperator start() {
    // Logs quote drivers and API errors: every line the operator writes is masked.
    RedactedOutput.install();
    operator.start();
    http.start();
    return this;
  }

  /**
   * Informers synced and every event source healthy. A standby replica is ready too: it serves the
   * webhook and the endpoints, and only waits for the Lease to reconcile.
   */
  public boolean ready() {
    return operator.getRuntimeInfo().isStarted()
        && operator.getRuntimeInfo().allEventSourcesAreHealthy();
  }

  public int httpPort() {
    return http.port();
  }

  /**
   * Stops probing first, so no health event arrives at a stopping operator; then stops reconciling
   * and releases the Lease so that a standby takes over at once.
   */
  public void stop() {
    if (stopping.compareAndSet(false, true)) {
      try {
        prober.close();
        operator.stop();
      } finally {
        leadership.stopped();
        http.close();
        pools.close();
        terminated.countDown();
      }
    }
  }

  @Override
  public void close() {
    stop();
  }

  /**
   * Waits until the operator has stopped.
   *
   * @return true when it stopped because it lost the Lease (the process should exit non-zero and be
   *     restarted as a standby), false after {@link #stop()}
   */
  public boolean awaitTermination() throws InterruptedException {
    terminated.await();
    return lostLeadership;
  }

  /** Whether this replica reconciles, and who holds the Lease. */
  public Leadership leadership() {
    return leadership;
  }

  /** JOSDK's view: started, informers healthy. A standby is started and healthy too. */
  public RuntimeInfo runtimeInfo() {
    return operator.getRuntimeInfo();
  }

  private LeaderCallbacks callbacks(LeaderElectionSettings election) {
    String lease = election.leaseNamespace() + "/" + election.leaseName();
    return new LeaderCallbacks(
        () -> {
          LOG.info("{}: leading through Lease {}", election.identity(), lease);
          leadership.started();
        },
        () -> {
          leadership.stopped();
          if (stopping.get()) {
            LOG.info("{}: released Lease {}", election.identity(), lease);
            return;
          }
          // Renewal failed (API server unreachable, or another replica took the Lease): stop
          // at once so that two replicas never reconcile together.
          LOG.error("{}: lost Lease {}; stopping", election.identity(), lease);
          lostLeadership = true;
          Thread stopper = new Thread(this::stop, "dbmigrate-lost-lease");
          stopper.setDaemon(true);
          stopper.start();
        },
        holder -> {
          leadership.observed(holder);
          LOG.info("{}: Lease {} is held by {}", election.identity(), lease, holder);
        });
  }
}
