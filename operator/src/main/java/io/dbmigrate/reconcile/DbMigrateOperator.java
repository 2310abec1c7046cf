package io.dbmigrate.reconcile;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderCallbacks;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.RuntimeInfo;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfigurationBuilder;
import java.time.Clock;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The operator the way production runs it; tests start this same one against the mock API
 * server. With leader election every replica starts its informers, and only the Lease holder
 * processes events; a standby takes over when the holder stops renewing.
 */
public final class DbMigrateOperator {
  private static final Logger LOG = LoggerFactory.getLogger(DbMigrateOperator.class);

  private final Operator operator;
  private final Leadership leadership;
  private final AtomicBoolean stopping = new AtomicBoolean();
  private final CountDownLatch terminated = new CountDownLatch(1);
  private volatile boolean lostLeadership;

  private DbMigrateOperator(
      KubernetesClient client, OperatorSettings settings, Set<String> namespaces, LeaderElectionSettings election) {
    this.leadership =
        election.enabled() ? new Leadership(election.identity(), true) : Leadership.withoutElection();
    this.operator =
        new Operator(
            overrider -> {
              overrider
                  .withKubernetesClient(client)
                  // Status is patched with a JSON merge patch rather than server-side apply:
                  // every API server accepts it, including the test server.
                  .withUseSSAToPatchPrimaryResource(false)
                  .withSSABasedCreateUpdateMatchForDependentResources(false)
                  .withCloseClientOnStop(false);
              if (election.enabled()) {
                overrider.withLeaderElectionConfiguration(
                    LeaderElectionConfigurationBuilder.aLeaderElectionConfiguration(election.leaseName())
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
        new DatabaseMigrationReconciler(settings, Clock.systemUTC()),
        config -> {
          config.withReconciliationMaxInterval(settings.recheckInterval());
          if (namespaces.isEmpty()) {
            config.watchingAllNamespaces();
          } else {
            config.settingNamespaces(namespaces);
          }
        });
  }

  /**
   * @param namespaces the namespaces to watch; empty means all
   * @param leaderElection how replicas elect the one that reconciles
   */
  public static DbMigrateOperator create(
      KubernetesClient client,
      OperatorSettings settings,
      Set<String> namespaces,
      LeaderElectionSettings leaderElection) {
    return new DbMigrateOperator(client, settings, namespaces, leaderElection);
  }

  /** Starts the informers and the leader election (or, without election, event processing). */
  public void start() {
    operator.start();
  }

  /** Stops reconciling and releases the Lease so that a standby takes over at once. */
  public void stop() {
    if (stopping.compareAndSet(false, true)) {
      try {
        operator.stop();
      } finally {
        leadership.stopped();
        terminated.countDown();
      }
    }
  }

  /**
   * Waits until the operator has stopped.
   *
   * @return true when it stopped because it lost the Lease (the process should exit non-zero
   *     and be restarted as a standby), false after {@link #stop()}
   */
  public boolean awaitTermination() throws InterruptedException {
    terminated.await();
    return lostLeadership;
  }

  /** Whether this replica reconciles; for the HTTP endpoints and metrics. */
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
