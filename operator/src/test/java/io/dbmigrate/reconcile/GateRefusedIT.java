package io.dbmigrate.reconcile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.dbmigrate.api.Phase;
import io.dbmigrate.gate.Requirement;
import io.dbmigrate.testing.OperatorEnvironment;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A gate the API server refuses to lift (the operator's ServiceAccount may not patch pods) leaves a
 * sign: a Warning Event on the resource that quotes the refusal, instead of a debug line.
 */
class GateRefusedIT {
  private static final String NS = "shop";

  @RegisterExtension final OperatorEnvironment environment = new OperatorEnvironment();

  @Test
  void aRefusedGateIsAnnouncedAndThePodStaysGated() {
    KubernetesClient client = environment.client();
    environment
        .cluster()
        .expect()
        .patch()
        .withPath("/api/v1/namespaces/shop/pods/web-1")
        .andReturn(
            403,
            new StatusBuilder()
                .withStatus("Failure")
                .withCode(403)
                .withReason("Forbidden")
                .withMessage(
                    "pods \"web-1\" is forbidden: User \"system:serviceaccount:dbmigrate-system:dbmigrate-operator\" cannot patch resource \"pods\"")
                .build())
        .always();
    client
        .resource(
            new PodBuilder()
                .withNewMetadata()
                .withName("web-1")
                .withNamespace(NS)
                .addToLabels(Requirement.GATED_LABEL, "true")
                .addToAnnotations(Requirement.ANNOTATION, "shop")
                .endMetadata()
                .withNewSpec()
                .addNewSchedulingGate("dbmigrate.io/shop")
                .addNewContainer()
                .withName("web")
                .withImage("web:1")
                .endContainer()
                .endSpec()
                .build())
        .create();
    environment.createShop(Map.of("V1__customers.sql", "CREATE TABLE customers (id bigint);"));

    Event refused =
        await()
            .atMost(Duration.ofSeconds(60))
            .until(
                () ->
                    environment.events().stream()
                        .filter(e -> "GatesNotReleased".equals(e.getReason()))
                        .findFirst()
                        .orElse(null),
                e -> e != null);
    assertThat(refused.getType()).isEqualTo("Warning");
    assertThat(refused.getMessage())
        .startsWith("1 gated pods could not be released and stay unscheduled: shop/web-1: ")
        .contains("cannot patch resource");
    // The Event is recorded in the reconcile whose status write follows it: wait for that write.
    environment.awaitPhase("shop", Phase.Ready);
    assertThat(client.pods().inNamespace(NS).withName("web-1").get().getSpec().getSchedulingGates())
        .hasSize(1);
  }
}
