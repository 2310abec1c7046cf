package io.dbmigrate.testing;

import io.dbmigrate.reconcile.DbMigrateOperator;
import io.dbmigrate.reconcile.OperatorSettings;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Path;
import java.util.Set;

/**
 * Everything an operator test runs against: a fresh PostgreSQL database, the mock API server
 * with the CRD, the kubelet fixture, and the real operator, started and stopped together.
 */
public final class OperatorEnvironment implements AutoCloseable {
  public static final OperatorSettings SETTINGS =
      new OperatorSettings("dbmigrate-operator:test", OperatorSettings.DEFAULT_RECHECK_INTERVAL);

  private final PostgresDatabase database;
  private final MockCluster cluster;
  private final KubeletFixture kubelet;
  private DbMigrateOperator operator;

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

  private static DbMigrateOperator startOperator(KubernetesClient client) {
    return new DbMigrateOperator(client, SETTINGS, Set.of(), 0).start();
  }

  @Override
  public void close() {
    operator.stop();
    kubelet.close();
    cluster.close();
    database.close();
  }
}
