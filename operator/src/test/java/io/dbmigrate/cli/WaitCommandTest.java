package io.dbmigrate.cli;

import static org.assertj.core.api.Assertions.as;
import static org.assertj.core.api.Assertions.assertThat;

import io.dbmigrate.api.DatabaseMigration;
import io.dbmigrate.api.DatabaseMigrationStatus;
import io.dbmigrate.api.Phase;
import io.dbmigrate.testing.MockCluster;
import io.dbmigrate.testing.TestResources;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code dbmigrate wait} against the mock API server, the status written as the operator would. */
class WaitCommandTest {
  private MockCluster cluster;
  private KubernetesClient client;
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  @BeforeEach
  void start() {
    cluster = MockCluster.start();
    client = cluster.client();
    cluster.createNamespace("shop");
  }

  @AfterEach
  void stop() {
    cluster.close();
  }

  @Test
  void exitsZeroOnceTheMigrationIsReady() throws Exception {
    create(Phase.Migrating, null, "Job shop-1 is applying migrations");
    CompletableFuture<Integer> exit =
        runAsync("wait", "--migration", "shop", "-n", "shop", "--timeout", "30s");
    Thread.sleep(500);
    assertThat(exit).isNotDone();

    setStatus(Phase.Ready, "2", "database at version 2");
    assertThat(exit.get(30, TimeUnit.SECONDS)).isZero();
    assertThat(out.toString())
        .contains("waiting for databasemigration shop/shop (up to 30s)")
        .contains("  Migrating: Job shop-1 is applying migrations")
        .contains("shop/shop is ready at version 2");
  }

  @Test
  void waitsForTheRequiredVersion() throws Exception {
    create(Phase.Ready, "2", "database at version 2");
    CompletableFuture<Integer> exit =
        runAsync(
            "wait", "--migration", "shop", "--version", "3", "-n", "shop", "--timeout", "PT1M");
    Thread.sleep(500);
    assertThat(exit).as("version 2 is not enough").isNotDone();

    setStatus(Phase.Ready, "3", "database at version 3");
    assertThat(exit.get(30, TimeUnit.SECONDS)).isZero();
  }

  @Test
  void failedMigrationExitsOneWithItsMessage() throws Exception {
    create(
        Phase.Failed,
        "1",
        "migration V2__orders.sql (version 2) failed: ERROR: relation \"x\" does not exist");
    assertThat(runAsync("wait", "--migration", "shop", "-n", "shop").get(30, TimeUnit.SECONDS))
        .isEqualTo(1);
    assertThat(err.toString())
        .contains(
            "migration failed: migration V2__orders.sql (version 2) failed: ERROR: relation \"x\" does not exist");
  }

  @Test
  void timeoutExitsOneWithTheLastState() throws Exception {
    create(Phase.Migrating, null, "Job shop-1 is applying migrations");
    assertThat(
            runAsync("wait", "--migration", "shop", "-n", "shop", "--timeout", "1s")
                .get(30, TimeUnit.SECONDS))
        .isEqualTo(1);
    assertThat(err.toString())
        .contains("timed out after 1s waiting for databasemigration shop/shop")
        .contains("last seen: Migrating: Job shop-1 is applying migrations");
  }

  @Test
  void timeoutSaysWhenTheResourceWasNeverFound() throws Exception {
    assertThat(
            runAsync("wait", "--migration", "shop", "-n", "shop", "--timeout", "1s")
                .get(30, TimeUnit.SECONDS))
        .isEqualTo(1);
    assertThat(err.toString().strip())
        .isEqualTo(
            "timed out after 1s waiting for databasemigration shop/shop: it was never found (check the name and the namespace)");
  }

  @Test
  void timeoutWithoutStatusAsksWhetherTheOperatorRuns() throws Exception {
    client.resource(TestResources.migration("shop", "shop", "db", "m")).create();
    assertThat(
            runAsync("wait", "--migration", "shop", "-n", "shop", "--timeout", "1s")
                .get(30, TimeUnit.SECONDS))
        .isEqualTo(1);
    assertThat(err.toString()).contains("last seen: no status yet (is the operator running");
  }

  @Test
  void anUnreachableApiServerIsOneLineNamingIt() throws Exception {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closedPort = socket.getLocalPort();
    }
    String server = "http://127.0.0.1:" + closedPort;
    Supplier<KubernetesClient> nowhere =
        () ->
            new KubernetesClientBuilder()
                .withConfig(new ConfigBuilder().withMasterUrl(server).withNamespace("shop").build())
                .build();

    // Bounded by the single retry of the first request, not by --timeout.
    int exit =
        CompletableFuture.supplyAsync(
                () ->
                    DbMigrate.commandLine(Map.of(), nowhere)
                        .setOut(new PrintWriter(out, true))
                        .setErr(new PrintWriter(err, true))
                        .execute("wait", "--migration", "shop", "--timeout", "24h"))
            .get(60, TimeUnit.SECONDS);

    assertThat(exit).isEqualTo(1);
    assertThat(err.toString().lines())
        .singleElement(as(InstanceOfAssertFactories.STRING))
        .startsWith("cannot reach the Kubernetes API server at " + server)
        .contains("connection refused");
  }

  @Test
  void waitsForAResourceThatDoesNotExistYet() throws Exception {
    CompletableFuture<Integer> exit =
        runAsync("wait", "--migration", "shop", "-n", "shop", "--timeout", "30s");
    Thread.sleep(500);
    create(Phase.Ready, "1", "database at version 1");
    assertThat(exit.get(30, TimeUnit.SECONDS)).isZero();
    assertThat(out.toString()).contains("  not found yet");
  }

  @Test
  void badArgumentsAreUsageErrors() {
    assertThat(
            DbMigrate.commandLine(Map.of(), cluster::newClient)
                .setErr(new PrintWriter(err))
                .execute("wait", "--migration", "shop", "--version", "v3"))
        .isEqualTo(2);
    assertThat(err.toString()).contains("invalid version 'v3'");
    assertThat(
            DbMigrate.commandLine(Map.of(), cluster::newClient)
                .setErr(new PrintWriter(err))
                .execute("wait", "--migration", "shop", "--timeout", "soon"))
        .isEqualTo(2);
    assertThat(err.toString()).contains("'soon' is not a duration");
  }

  private CompletableFuture<Integer> runAsync(String... args) {
    return CompletableFuture.supplyAsync(
        () ->
            DbMigrate.commandLine(Map.of(), cluster::newClient)
                .setOut(new PrintWriter(out, true))
                .setErr(new PrintWriter(err, true))
                .execute(args));
  }

  private void create(Phase phase, String version, String message) {
    client.resource(TestResources.migration("shop", "shop", "db", "m")).create();
    setStatus(phase, version, message);
  }

  private void setStatus(Phase phase, String version, String message) {
    DatabaseMigration resource =
        client.resources(DatabaseMigration.class).inNamespace("shop").withName("shop").get();
    DatabaseMigrationStatus status = new DatabaseMigrationStatus();
    status.setObservedGeneration(resource.getMetadata().getGeneration());
    status.setPhase(phase);
    status.setCurrentVersion(version);
    status.setConditions(
        List.of(
            new ConditionBuilder()
                .withType("Ready")
                .withStatus(phase == Phase.Ready ? "True" : "False")
                .withReason(phase.name())
                .withMessage(message)
                .build()));
    resource.setStatus(status);
    client.resource(resource).updateStatus();
  }
}
