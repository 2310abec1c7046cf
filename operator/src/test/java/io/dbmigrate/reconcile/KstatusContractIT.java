package io.dbmigrate.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import io.dbmigrate.api.DatabaseMigration;
import io.dbmigrate.testing.OperatorEnvironment;
import io.dbmigrate.testing.TestResources;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.Map;
import java.util.Objects;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The kstatus contract GitOps tools and {@code kubectl wait} rely on, checked over a resource's
 * life: InProgress while migrating or not yet observed, Current when Ready, Failed when stalled.
 */
class KstatusContractIT {
  @RegisterExtension final OperatorEnvironment environment = new OperatorEnvironment();

  @Test
  void statusFollowsKstatusThroughTheResourcesLife() {
    KubernetesClient client = environment.client();
    environment.kubelet().hold();
    environment.createShop(Map.of("V1__customers.sql", "CREATE TABLE customers (id bigint);"));
    DatabaseMigration migrating = await("InProgress", "Reconciling");
    assertThat(kubectlWaitReady(migrating)).isFalse();

    environment.kubelet().release();
    DatabaseMigration current = await("Current", "Ready");
    assertThat(kubectlWaitReady(current)).isTrue();

    // A spec change is InProgress until the operator has observed it, whatever Ready said before.
    environment.kubelet().hold();
    // A patch, as kubectl apply sends: the operator may be writing the status meanwhile.
    DatabaseMigration changed =
        TestResources.mergePatch(
            client, "shop", "shop", "{\"spec\":{\"migrations\":{\"target\":\"1\"}}}");
    assertThat(changed.getMetadata().getGeneration()).isEqualTo(2L);
    assertThat(kstatus(client.resource(changed).get())).isEqualTo("InProgress");
    assertThat(kubectlWaitReady(client.resource(changed).get()))
        .as("Ready of generation 1 does not count")
        .isFalse();
    DatabaseMigration rerunning = await("InProgress", "Reconciling");
    assertThat(rerunning.getStatus().getObservedGeneration()).isEqualTo(2L);
    environment.kubelet().release();
    DatabaseMigration observed = await("Current", "Ready");
    assertThat(observed.getStatus().getObservedGeneration()).isEqualTo(2L);

    ConfigMap migrations =
        client.configMaps().inNamespace("shop").withName("shop-migrations").get();
    migrations.getData().put("V2__broken.sql", "SELECT * FROM nowhere;");
    client.resource(migrations).update();
    TestResources.mergePatch(
        client, "shop", "shop", "{\"spec\":{\"migrations\":{\"target\":\"latest\"}}}");
    DatabaseMigration failed = await("Failed", "Stalled");
    assertThat(kubectlWaitReady(failed)).isFalse();
  }

  /** kstatus' generic rules for resources with conditions (sigs.k8s.io/cli-utils/pkg/kstatus). */
  static String kstatus(DatabaseMigration resource) {
    var status = resource.getStatus();
    if (status == null
        || !Objects.equals(
            status.getObservedGeneration(), resource.getMetadata().getGeneration())) {
      return "InProgress";
    }
    if (OperatorEnvironment.condition(resource, "Reconciling")
        .map(c -> "True".equals(c.getStatus()))
        .orElse(false)) {
      return "InProgress";
    }
    if (OperatorEnvironment.condition(resource, "Stalled")
        .map(c -> "True".equals(c.getStatus()))
        .orElse(false)) {
      return "Failed";
    }
    return OperatorEnvironment.condition(resource, "Ready")
        .map(c -> "True".equals(c.getStatus()) ? "Current" : "InProgress")
        .orElse("Current");
  }

  /**
   * {@code kubectl wait --for=condition=Ready}: True, and about the current generation when it says
   * so.
   */
  static boolean kubectlWaitReady(DatabaseMigration resource) {
    return OperatorEnvironment.condition(resource, "Ready")
        .filter(c -> "True".equals(c.getStatus()))
        .filter(
            c ->
                c.getObservedGeneration() == null
                    || c.getObservedGeneration().equals(resource.getMetadata().getGeneration()))
        .isPresent();
  }

  private DatabaseMigration await(String kstatus, String trueCondition) {
    DatabaseMigration resource =
        environment.await(
            "shop",
            kstatus + " with " + trueCondition + "=True",
            dm ->
                kstatus.equals(kstatus(dm))
                    && OperatorEnvironment.condition(dm, trueCondition)
                        .map(c -> "True".equals(c.getStatus()))
                        .orElse(false));
    assertThat(resource.getStatus().getConditions())
        .allSatisfy(
            c ->
                assertThat(c.getObservedGeneration())
                    .isEqualTo(resource.getMetadata().getGeneration()));
    return resource;
  }
}
