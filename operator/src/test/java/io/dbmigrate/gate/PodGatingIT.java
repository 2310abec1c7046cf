package io.dbmigrate.gate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dbmigrate.api.DatabaseMigration;
import io.dbmigrate.api.Phase;
import io.dbmigrate.chart.RenderedChart;
import io.dbmigrate.testing.EmulatedAdmission;
import io.dbmigrate.testing.EmulatedAdmission.Admitted;
import io.dbmigrate.testing.EmulatedAdmission.PodRefused;
import io.dbmigrate.testing.OperatorEnvironment;
import io.dbmigrate.testing.Waits;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodSchedulingGate;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.MutatingWebhookConfiguration;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Migrations before the app: pods are created through the chart's rendered webhook configuration,
 * played by {@link EmulatedAdmission} (the mock API server has no admission), and the real webhook
 * over HTTPS with the chart's generated certificate; they are gated, and the real operator lets
 * them go once the kubelet fixture's Job has migrated the real database. "No replica answers" is
 * the webhook server closed: the call fails on a refused connection.
 */
class PodGatingIT {
  private static final String NS = "shop";

  /** The chart as installed with its defaults: failurePolicy Fail, pods opt in by label. */
  private static final RenderedChart CHART = RenderedChart.render(Map.of());

  @TempDir Path tmp;

  @RegisterExtension final OperatorEnvironment environment = new OperatorEnvironment();
  private KubernetesClient client;
  private WebhookServer webhook;

  /** Where the webhook Service's endpoint listens; a closed port once the webhook is down. */
  private volatile int webhookPort;

  private EmulatedAdmission admission;

  @BeforeEach
  void start() throws Exception {
    client = environment.client();
    install(CHART);
  }

  @AfterEach
  void stop() {
    webhook.close();
  }

  @Test
  void podWaitsWhileTheMigrationRunsAndStartsWhenItIsReady() {
    environment.kubelet().hold();
    environment.createShop(Map.of("V1__customers.sql", "CREATE TABLE customers (id bigint);"));
    environment.awaitPhase("shop", Phase.Migrating);

    Pod pod = createPod("web-1", "shop");
    assertThat(gates(pod)).containsExactly("dbmigrate.io/shop");
    assertThat(pod.getMetadata().getLabels()).containsEntry("dbmigrate.io/gated", "true");
    awaitStatus(
        dm -> Integer.valueOf(1).equals(dm.getStatus().getGatedPods()), "one gated pod counted");

    environment.kubelet().release();
    Pod released = awaitPod("web-1", p -> gates(p).isEmpty(), "gate removed");
    assertThat(released.getMetadata().getLabels())
        .doesNotContainKey("dbmigrate.io/gated")
        .containsEntry("app", "web");
    DatabaseMigration ready = environment.awaitPhase("shop", Phase.Ready);
    assertThat(ready.getStatus().getGatedPods()).isZero();
  }

  @Test
  void podNeedingANewerVersionWaitsForIt() {
    environment.createShop(Map.of("V1__customers.sql", "CREATE TABLE customers (id bigint);"));
    environment.awaitPhase("shop", Phase.Ready);

    assertThat(gates(createPod("web-v1", "shop@1"))).as("version 1 is there").isEmpty();
    Pod waiting = createPod("web-v2", "shop@2");
    assertThat(gates(waiting)).containsExactly("dbmigrate.io/shop");
    awaitStatus(
        dm -> Integer.valueOf(1).equals(dm.getStatus().getGatedPods()), "the v2 pod counted");
    assertThat(gates(client.pods().inNamespace(NS).withName("web-v2").get()))
        .containsExactly("dbmigrate.io/shop");

    ConfigMap migrations = client.configMaps().inNamespace(NS).withName("shop-migrations").get();
    migrations.getData().put("V2__orders.sql", "CREATE TABLE orders (id bigint);");
    client.resource(migrations).update();

    awaitPod("web-v2", p -> gates(p).isEmpty(), "gate removed at version 2");
    // The gate goes in the same reconcile that records version 2, just before the status write.
    awaitStatus(dm -> "2".equals(dm.getStatus().getCurrentVersion()), "version 2 recorded");
  }

  @Test
  void failedMigrationKeepsPodsGatedAndSaysWhy() {
    environment.createShop(Map.of("V1__broken.sql", "INSERT INTO nowhere VALUES (1);"));
    createPod("web-1", "shop");
    createPod("web-2", "shop");

    DatabaseMigration failed =
        awaitStatus(
            dm ->
                dm.getStatus().getPhase() == Phase.Failed
                    && Integer.valueOf(2).equals(dm.getStatus().getGatedPods()),
            "failed with two pods waiting");
    assertThat(failed.getStatus().getGatedPods()).isEqualTo(2);
    Waits.await("a PodsWaiting warning")
        .until(
            environment::events,
            events ->
                events.stream()
                    .anyMatch(
                        e ->
                            "PodsWaiting".equals(e.getReason())
                                && e.getMessage()
                                    .startsWith("2 pods wait for this migration, which failed: ")
                                && e.getMessage().contains("nowhere")
                                && "Warning".equals(e.getType())));
    assertThat(gates(client.pods().inNamespace(NS).withName("web-1").get()))
        .containsExactly("dbmigrate.io/shop");
    assertThat(gates(client.pods().inNamespace(NS).withName("web-2").get()))
        .containsExactly("dbmigrate.io/shop");
  }

  @Test
  void podRequiringTwoMigrationsKeepsTheGateOfTheOneNotReady() {
    environment.createShop(Map.of("V1__customers.sql", "CREATE TABLE customers (id bigint);"));
    environment.awaitPhase("shop", Phase.Ready);
    Pod pod = createPod("web-1", "shop@2, billing");
    assertThat(gates(pod)).containsExactly("dbmigrate.io/shop", "dbmigrate.io/billing");

    ConfigMap migrations = client.configMaps().inNamespace(NS).withName("shop-migrations").get();
    migrations.getData().put("V2__orders.sql", "CREATE TABLE orders (id bigint);");
    client.resource(migrations).update();

    Pod partly =
        awaitPod(
            "web-1", p -> gates(p).equals(List.of("dbmigrate.io/billing")), "shop's gate removed");
    assertThat(partly.getMetadata().getLabels())
        .as("still gated by billing")
        .containsEntry("dbmigrate.io/gated", "true");
  }

  @Test
  void whileNoReplicaAnswersALabelledPodIsRefusedAndOtherPodsAreCreated() throws Exception {
    webhook.close();

    assertThatThrownBy(() -> admission.create(pod("web-1", "shop")))
        .isInstanceOfSatisfying(
            PodRefused.class, refused -> assertThat(refused.code()).isEqualTo(500))
        .hasMessageStartingWith(
            "Internal error occurred: failed calling webhook \"pods.dbmigrate.io\": failed to call webhook: ")
        .hasMessageContaining("ConnectException");
    assertThat(client.pods().inNamespace(NS).withName("web-1").get()).as("not created").isNull();

    Admitted cache =
        admission.create(
            new PodBuilder()
                .withNewMetadata()
                .withName("cache-1")
                .withNamespace(NS)
                .withLabels(Map.of("app", "cache"))
                .endMetadata()
                .withNewSpec()
                .addNewContainer()
                .withName("redis")
                .withImage("redis:7")
                .endContainer()
                .endSpec()
                .build());
    assertThat(cache.webhooksCalled())
        .as("an unlabelled pod never waits on the operator")
        .isEmpty();
    assertThat(client.pods().inNamespace(NS).withName("cache-1").get()).isNotNull();

    // An operator replica answers again: the ReplicaSet's next try is admitted, gated, released.
    serve(CHART);
    Admitted retried = admission.create(pod("web-1", "shop"));
    assertThat(retried.webhooksCalled()).containsExactly("pods.dbmigrate.io");
    assertThat(gates(retried.pod()))
        .as("shop does not exist yet")
        .containsExactly("dbmigrate.io/shop");
    environment.createShop(Map.of("V1__customers.sql", "CREATE TABLE customers (id bigint);"));
    awaitPod("web-1", p -> gates(p).isEmpty(), "gate removed");
  }

  @Test
  void withFailurePolicyIgnoreALabelledPodStartsUngatedWhileNoReplicaAnswers() throws Exception {
    install(RenderedChart.render(Map.of("webhook.failurePolicy", "Ignore")));
    environment.createShop(Map.of("V1__broken.sql", "INSERT INTO nowhere VALUES (1);"));
    environment.awaitPhase("shop", Phase.Failed);
    webhook.close();

    Admitted pod = admission.create(pod("web-1", "shop"));
    assertThat(pod.webhooksCalled()).as("it was tried").containsExactly("pods.dbmigrate.io");
    assertThat(gates(pod.pod())).as("and the failed migration did not hold the pod").isEmpty();
    assertThat(pod.pod().getMetadata().getLabels()).doesNotContainKey("dbmigrate.io/gated");
  }

  @Test
  void labelWithoutAnnotationIsRefusedWithTheWebhooksMessage() {
    Pod pod =
        new PodBuilder(pod("web-1", "shop"))
            .editMetadata()
            .withAnnotations(Map.of())
            .endMetadata()
            .build();

    assertThatThrownBy(() -> admission.create(pod))
        .isInstanceOfSatisfying(
            PodRefused.class, refused -> assertThat(refused.code()).isEqualTo(400))
        .hasMessageStartingWith(
            "admission webhook \"pods.dbmigrate.io\" denied the request: label dbmigrate.io/gate=enabled"
                + " asks to hold the pod until its schema is ready, but it has no dbmigrate.io/requires annotation");
    assertThat(client.pods().inNamespace(NS).withName("web-1").get()).isNull();
  }

  @Test
  void namespaceOptedInAsAWholeGatesItsPodsWithoutTheLabel() throws Exception {
    install(
        RenderedChart.render(
            Map.of("webhook.namespaceSelector.matchLabels.dbmigrate\\.io/gate", "enabled")));
    client
        .namespaces()
        .withName(NS)
        .edit(
            ns ->
                new NamespaceBuilder(ns)
                    .editMetadata()
                    .addToLabels("dbmigrate.io/gate", "enabled")
                    .endMetadata()
                    .build());
    environment.cluster().createNamespace("elsewhere");
    environment.kubelet().hold();
    environment.createShop(Map.of("V1__customers.sql", "CREATE TABLE customers (id bigint);"));
    environment.awaitPhase("shop", Phase.Migrating);

    Admitted unlabelled = admission.create(unlabelled(pod("web-1", "shop")));
    assertThat(unlabelled.webhooksCalled()).containsExactly("namespaces.dbmigrate.io");
    assertThat(gates(unlabelled.pod())).containsExactly("dbmigrate.io/shop");
    Admitted labelled = admission.create(pod("web-2", "shop"));
    assertThat(labelled.webhooksCalled())
        .as("once, by the pod webhook")
        .containsExactly("pods.dbmigrate.io");
    Admitted optedOut =
        admission.create(
            new PodBuilder(pod("web-3", "shop"))
                .editMetadata()
                .addToLabels("dbmigrate.io/gate", "disabled")
                .endMetadata()
                .build());
    assertThat(optedOut.webhooksCalled()).isEmpty();
    assertThat(gates(optedOut.pod())).isEmpty();
    Pod elsewhere =
        new PodBuilder(unlabelled(pod("web-4", "shop")))
            .editMetadata()
            .withNamespace("elsewhere")
            .endMetadata()
            .build();
    assertThat(admission.create(elsewhere).webhooksCalled()).isEmpty();

    environment.kubelet().release();
    awaitPod("web-1", p -> gates(p).isEmpty(), "gate removed");
    awaitPod("web-2", p -> gates(p).isEmpty(), "gate removed");
  }

  // --- helpers

  /**
   * The chart's webhook configuration as the API server would hold it, and an operator replica
   * serving the webhook with the chart's generated certificate.
   */
  private void install(RenderedChart chart) throws Exception {
    serve(chart);
    admission =
        new EmulatedAdmission(
            client, chart.one(MutatingWebhookConfiguration.class), () -> webhookPort);
  }

  /** A (new) replica's webhook server, with the certificate of the chart's TLS Secret mounted. */
  private void serve(RenderedChart chart) throws Exception {
    if (webhook != null) {
      webhook.close();
    }
    webhook =
        WebhookServer.start(
            0,
            chart.mountWebhookTls(Files.createTempDirectory(tmp, "webhook-tls")),
            new PodGateMutator(MigrationLookup.from(client), client.getKubernetesSerialization()),
            client.getKubernetesSerialization());
    webhookPort = webhook.port();
  }

  private Pod createPod(String name, String requires) {
    return admission.create(pod(name, requires)).pod();
  }

  /** An app pod that opts in to the gate, as the chart selects them. */
  private static Pod pod(String name, String requires) {
    return new PodBuilder()
        .withNewMetadata()
        .withName(name)
        .withNamespace(NS)
        .withLabels(Map.of("app", "web", "dbmigrate.io/gate", "enabled"))
        .withAnnotations(Map.of("dbmigrate.io/requires", requires))
        .endMetadata()
        .withNewSpec()
        .addNewContainer()
        .withName("web")
        .withImage("web:2")
        .endContainer()
        .endSpec()
        .build();
  }

  private static Pod unlabelled(Pod pod) {
    return new PodBuilder(pod)
        .editMetadata()
        .removeFromLabels("dbmigrate.io/gate")
        .endMetadata()
        .build();
  }

  private static List<String> gates(Pod pod) {
    List<PodSchedulingGate> gates = pod.getSpec().getSchedulingGates();
    return gates == null ? List.of() : gates.stream().map(PodSchedulingGate::getName).toList();
  }

  /** Waits for the resource shop. */
  private DatabaseMigration awaitStatus(
      java.util.function.Predicate<DatabaseMigration> done, String what) {
    return environment.await("shop", what, done);
  }

  private Pod awaitPod(String name, java.util.function.Predicate<Pod> done, String what) {
    return Waits.await(name + " " + what)
        .until(() -> client.pods().inNamespace(NS).withName(name).get(), done);
  }
}
