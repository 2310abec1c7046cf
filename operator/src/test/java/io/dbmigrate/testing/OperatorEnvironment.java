package io.dbmigrate.testing;

import io.dbmigrate.reconcile.DbMigrateOperator;
import io.dbmigrate.reconcile.LeaderElectionSettings;
import io.dbmigrate.reconcile.OperatorSettings;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;

/**
 * Everything an operator test runs against: a fresh PostgreSQL database, the mock API server with
 * the CRD, the kubelet fixture, and the real operator, started and stopped together.
 */
public final class OperatorEnvironment implements AutoCloseable {
  public static final OperatorSettings SETTINGS =
      new OperatorSettings("dbmigrate-operator:test", OperatorSettings.DEFAULT_RECHECK_INTERVAL);

  /** The operator's namespace, where the Lease lives. */
  public static final String OPERATOR_NAMESPACE = "dbmigrate-system";

  private final PostgresDatabase database;
  private final MockCluster cluster;
  private final KubeletFixture kubelet;
  private DbMigrateOperator operator;
  private int replicas;

  private OperatorEnvironment(Path workDir) {
    database = new PostgresDatabase().create();
    cluster = MockCluster.start();
    kubelet = new KubeletFixture(cluster.client(), workDir).start();
    operator = startOperator(cluster.client());
  }

  public static OperatorEnvironment start(Path workDir) {
    return new OperatorEnvironment(workDir);
  }

  public PostgresDatabase database() {
    return database;
  }

  public MockCluster cluster() {
    return cluster;
  }

  public KubernetesClient client() {
    return cluster.client();
  }

  public KubeletFixture kubelet() {
    return kubelet;
  }

  /** Stops the operator and starts a new instance with its own client, as after a crash. */
  public void restartOperator() {
    operator.stop();
    operator = startOperator(cluster.newClient());
  }

  /** The operator's HTTP endpoints (health, metrics) listen on this port, chosen free at start. */
  public int httpPort() {
    return operator.httpPort();
  }

  /**
   * Leader election on, as in production: the first replica takes the free Lease at once, and a
   * restarted one takes over the Lease its predecessor released when it stopped.
   */
  private DbMigrateOperator startOperator(KubernetesClient client) {
    replicas++;
    return DbMigrateOperator.create(
            client, SETTINGS, Set.of(), leaderElection("replica-" + replicas), 0)
        .start();
  }

  /** Short timings, so that a takeover in a test takes about a second. */
  public static LeaderElectionSettings leaderElection(String identity) {
    return LeaderElectionSettings.enabled(OPERATOR_NAMESPACE, identity)
        .withTimings(Duration.ofSeconds(2), Duration.ofMillis(1500), Duration.ofMillis(500));
  }

  @Override
  public void close() {
    operator.stop();
    kubelet.close();
    cluster.close();
    database.close();
  }
}
