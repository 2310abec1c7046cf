package io.dbmigrate.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import io.dbmigrate.api.DatabaseMigration;
import io.dbmigrate.api.Phase;
import io.dbmigrate.testing.Eventually;
import io.dbmigrate.testing.KubeletFixture;
import io.dbmigrate.testing.MockCluster;
import io.dbmigrate.testing.OperatorEnvironment;
import io.dbmigrate.testing.OperatorProcess;
import io.dbmigrate.testing.PostgresDatabase;
import io.dbmigrate.testing.TestResources;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The leader dies without a clean shutdown: it runs in a JVM of its own and is killed with SIGKILL,
 * so it neither releases its Lease nor stops its Jobs. The standby (in this JVM) must wait until
 * the Lease expires, then take over, run the input that arrived meanwhile, and give no input a
 * second Job.
 */
class LeaderCrashIT {
  private static final String NS = "shop";
  private static final Duration TIMEOUT = Duration.ofSeconds(60);

  @TempDir Path tmp;

  @Test
  void standbyTakesOverAfterTheLeaseOfAKilledLeaderExpires() {
    try (PostgresDatabase database = new PostgresDatabase().create();
        MockCluster cluster = MockCluster.start();
        KubeletFixture kubelet = new KubeletFixture(cluster.client(), tmp).start();
        OperatorProcess leader =
            OperatorProcess.start(cluster, "replica-a", tmp.resolve("replica-a.log"))) {
      KubernetesClient client = cluster.client();
      cluster.createNamespace(NS);
      DbMigrateOperator standby = null;
      try {
        Eventually.await(
            TIMEOUT,
            () -> holder(client),
            "replica-a"::equals,
            "the operator JVM holding the Lease",
            holder -> holder + "; its log: " + leader.output());
        standby =
            DbMigrateOperator.create(
                    cluster.newClient(OperatorProcess.AGENT_PREFIX + "replica-b"),
                    OperatorEnvironment.SETTINGS,
                    Set.of(),
                    OperatorEnvironment.leaderElection("replica-b"),
                    0)
                .start();
        DbMigrateOperator b = standby;
        Eventually.await(
            TIMEOUT,
            () -> b.leadership().holder().orElse(""),
            "replica-a"::equals,
            "the standby seeing replica-a lead");

        createInputs(client, database);
        DatabaseMigration first = awaitVersion(client, "1");
        assertThat(jobCreations(cluster, "replica-a"))
            .as("Job creations by the leader")
            .isPositive();
        assertThat(jobCreations(cluster, "replica-b")).as("Job creations by the standby").isZero();
        assertThat(b.leadership().isLeader()).isFalse();

        Lease beforeKill = lease(client);
        long killed = System.nanoTime();
        leader.kill();
        // A new input arrives while nobody leads.
        ConfigMap migrations =
            client.configMaps().inNamespace(NS).withName("shop-migrations").get();
        migrations.getData().put("V2__orders.sql", "CREATE TABLE orders (id bigint PRIMARY KEY);");
        client.resource(migrations).update();
        assertThat(holder(client))
            .as("a killed leader does not release its Lease")
            .isEqualTo("replica-a");

        Eventually.await(
            TIMEOUT, () -> b.leadership().isLeader(), Boolean::booleanValue, "the standby leading");
        long takeoverMs = Duration.ofNanos(System.nanoTime() - killed).toMillis();
        Duration leaseDuration = OperatorEnvironment.leaderElection("x").leaseDuration();
        System.out.printf(
            "leader takeover after kill: %d ms (lease duration %s)%n", takeoverMs, leaseDuration);

        // The standby waited for the Lease to expire: it acquired it no sooner than a lease
        // duration after the dead leader's last renewal (both times written by this machine's
        // clock).
        Lease taken = lease(client);
        assertThat(taken.getSpec().getHolderIdentity()).isEqualTo("replica-b");
        assertThat(taken.getSpec().getAcquireTime())
            .isAfterOrEqualTo(beforeKill.getSpec().getRenewTime().plus(leaseDuration));

        DatabaseMigration second = awaitVersion(client, "2");
        assertThat(database.tableExists("orders")).isTrue();
        assertThat(jobs(client))
            .extracting(j -> j.getMetadata().getName())
            .containsExactlyInAnyOrder(
                first.getStatus().getLastJob().getName(),
                second.getStatus().getLastJob().getName());
        // Only the Job names count: a create that a stale cache repeats gets a harmless 409.
        assertThat(jobCreations(cluster, "replica-b"))
            .as("Job creations by the new leader")
            .isPositive();
        assertThat(kubelet.runs())
            .extracting(KubeletFixture.ContainerRun::exitCode)
            .containsExactly(0, 0);
      } finally {
        System.out.println("---- log of the killed operator JVM ----\n" + leader.output() + "----");
        if (standby != null) {
          standby.stop();
        }
      }
    }
  }

  private static void createInputs(KubernetesClient client, PostgresDatabase database) {
    client
        .resource(TestResources.secret(NS, "shop-db", Map.of("url", database.jdbcUrl())))
        .create();
    client
        .resource(
            TestResources.migrations(
                NS,
                "shop-migrations",
                Map.of("V1__customers.sql", "CREATE TABLE customers (id bigint PRIMARY KEY);")))
        .create();
    client.resource(TestResources.migration(NS, "shop", "shop-db", "shop-migrations")).create();
  }

  private static long jobCreations(MockCluster cluster, String identity) {
    return cluster.requests().stream()
        .filter(r -> (OperatorProcess.AGENT_PREFIX + identity).equals(r.userAgent()))
        .filter(r -> r.attributes().toString().equals("create batch jobs"))
        .count();
  }

  private static Lease lease(KubernetesClient client) {
    return client
        .leases()
        .inNamespace(OperatorEnvironment.OPERATOR_NAMESPACE)
        .withName(LeaderElectionSettings.LEASE_NAME)
        .get();
  }

  private static String holder(KubernetesClient client) {
    Lease lease = lease(client);
    return lease == null ? null : lease.getSpec().getHolderIdentity();
  }

  private static List<Job> jobs(KubernetesClient client) {
    return client.batch().v1().jobs().inNamespace(NS).list().getItems();
  }

  private static DatabaseMigration awaitVersion(KubernetesClient client, String version) {
    return Eventually.await(
        TIMEOUT,
        () -> client.resources(DatabaseMigration.class).inNamespace(NS).withName("shop").get(),
        dm ->
            dm != null
                && dm.getStatus() != null
                && dm.getStatus().getPhase() == Phase.Ready
                && version.equals(dm.getStatus().getCurrentVersion()),
        "shop Ready at version " + version,
        dm -> client.getKubernetesSerialization().asJson(dm));
  }
}
