package io.dbmigrate.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import io.dbmigrate.api.DatabaseMigration;
import io.dbmigrate.testing.KubeletFixture;
import io.dbmigrate.testing.OperatorEnvironment;
import io.dbmigrate.testing.OperatorProcess;
import io.dbmigrate.testing.PostgresDatabase;
import io.dbmigrate.testing.Waits;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The leader dies without a clean shutdown: it runs in a JVM of its own and is killed with SIGKILL,
 * so it neither releases its Lease nor stops its Jobs. The standby (in this JVM) must wait until
 * the Lease expires, then take over, run the input that arrived meanwhile, and give no input a
 * second Job.
 */
class LeaderCrashIT {
  private static final String NS = "shop";

  @RegisterExtension
  final OperatorEnvironment environment = new OperatorEnvironment().withoutOperator();

  @Test
  void standbyTakesOverAfterTheLeaseOfAKilledLeaderExpires() {
    KubernetesClient client = environment.client();
    PostgresDatabase database = environment.database();
    KubeletFixture kubelet = environment.kubelet();
    OperatorProcess leader = environment.startOperatorProcess("replica-a");
    Waits.await("the operator JVM holding the Lease (its log is printed at the end)")
        .until(environment::leaseHolder, "replica-a"::equals);
    DbMigrateOperator b = environment.startReplica("replica-b");
    Waits.await("the standby seeing replica-a lead")
        .until(() -> b.leadership().holder().orElse(""), "replica-a"::equals);

    environment.createShop(
        Map.of("V1__customers.sql", "CREATE TABLE customers (id bigint PRIMARY KEY);"));
    DatabaseMigration first = environment.awaitReadyAt("shop", "1");
    assertThat(environment.jobCreations("replica-a"))
        .as("Job creations by the leader")
        .isPositive();
    assertThat(environment.jobCreations("replica-b")).as("Job creations by the standby").isZero();
    assertThat(b.leadership().isLeader()).isFalse();

    Lease beforeKill = environment.lease();
    long killed = System.nanoTime();
    leader.kill();
    // A new input arrives while nobody leads.
    ConfigMap migrations = client.configMaps().inNamespace(NS).withName("shop-migrations").get();
    migrations.getData().put("V2__orders.sql", "CREATE TABLE orders (id bigint PRIMARY KEY);");
    client.resource(migrations).update();
    assertThat(environment.leaseHolder())
        .as("a killed leader does not release its Lease")
        .isEqualTo("replica-a");

    Waits.await("the standby leading").until(() -> b.leadership().isLeader());
    long takeoverMs = Duration.ofNanos(System.nanoTime() - killed).toMillis();
    Duration leaseDuration = OperatorEnvironment.leaderElection("x").leaseDuration();
    System.out.printf(
        "leader takeover after kill: %d ms (lease duration %s)%n", takeoverMs, leaseDuration);

    // The standby waited for the Lease to expire: it acquired it no sooner than a lease
    // duration after the dead leader's last renewal (both times written by this machine's
    // clock).
    Lease taken = environment.lease();
    assertThat(taken.getSpec().getHolderIdentity()).isEqualTo("replica-b");
    assertThat(taken.getSpec().getAcquireTime())
        .isAfterOrEqualTo(beforeKill.getSpec().getRenewTime().plus(leaseDuration));

    DatabaseMigration second = environment.awaitReadyAt("shop", "2");
    assertThat(database.tableExists("orders")).isTrue();
    assertThat(environment.jobs())
        .extracting(j -> j.getMetadata().getName())
        .containsExactlyInAnyOrder(
            first.getStatus().getLastJob().getName(), second.getStatus().getLastJob().getName());
    // Only the Job names count: a create that a stale cache repeats gets a harmless 409.
    assertThat(environment.jobCreations("replica-b"))
        .as("Job creations by the new leader")
        .isPositive();
    assertThat(kubelet.runs())
        .extracting(KubeletFixture.ContainerRun::exitCode)
        .containsExactly(0, 0);
  }
}
