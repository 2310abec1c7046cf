package io.dbmigrate.gate;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.dbmigrate.gate.Requirement.InvalidRequirementException;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodSchedulingGate;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Removes a migration's scheduling gate from the pods waiting for it once the migration satisfies
 * them, and reports how many still wait. The removal is a JSON patch that first tests the gate is
 * still where it was seen, so a concurrent change of the pod fails the patch (and a later event
 * retries) instead of removing someone else's gate.
 */
public final class GateReleaser {
  private static final Logger LOG = LoggerFactory.getLogger(GateReleaser.class);

  private final ObjectMapper json = new ObjectMapper();

  /**
   * @param pods the gated pods that name {@code migration} in their annotation
   * @return how many of them still wait for it
   */
  public int release(
      KubernetesClient client, Collection<Pod> pods, String migration, MigrationState state) {
    int waiting = 0;
    for (Pod pod : pods) {
      Optional<Requirement> requirement = requirementOn(pod, migration);
      List<PodSchedulingGate> gates = gatesOf(pod);
      int index = requirement.map(r -> indexOf(gates, r.gateName())).orElse(-1);
      if (index < 0) {
        continue;
      }
      if (!state.satisfies(requirement.get())) {
        waiting++;
        continue;
      }
      boolean lastOfOurs =
          gates.stream().filter(g -> g.getName().startsWith(Requirement.GATE_PREFIX)).count() == 1;
      if (!remove(client, pod, requirement.get().gateName(), index, lastOfOurs)) {
        waiting++;
      }
    }
    return waiting;
  }

  private boolean remove(
      KubernetesClient client, Pod pod, String gate, int index, boolean lastOfOurs) {
    ArrayNode ops = json.createArrayNode();
    String path = "/spec/schedulingGates/" + index;
    ops.addObject().put("op", "test").put("path", path + "/name").put("value", gate);
    ops.addObject().put("op", "remove").put("path", path);
    if (lastOfOurs) {
      // Off the watched label, the pod leaves the operator's cache.
      ops.addObject()
          .put("op", "remove")
          .put("path", "/metadata/labels/" + Requirement.GATED_LABEL.replace("/", "~1"));
    }
    String namespace = pod.getMetadata().getNamespace();
    String name = pod.getMetadata().getName();
    try {
      client
          .pods()
          .inNamespace(namespace)
          .withName(name)
          .patch(PatchContext.of(PatchType.JSON), ops.toString());
      LOG.info("{}/{}: removed scheduling gate {}", namespace, name, gate);
      return true;
    } catch (KubernetesClientException e) {
      // Gone, or changed since it was cached: the pod's next event brings it back here.
      LOG.debug("{}/{}: gate {} not removed now: {}", namespace, name, gate, e.getMessage());
      return false;
    }
  }

  private static Optional<Requirement> requirementOn(Pod pod, String migration) {
    try {
      return RequiredMigrations.of(pod).stream()
          .filter(r -> r.migration().equals(migration))
          .findFirst();
    } catch (InvalidRequirementException e) {
      return Optional.empty();
    }
  }

  private static List<PodSchedulingGate> gatesOf(Pod pod) {
    return pod.getSpec() == null || pod.getSpec().getSchedulingGates() == null
        ? List.of()
        : pod.getSpec().getSchedulingGates();
  }

  private static int indexOf(List<PodSchedulingGate> gates, String name) {
    for (int i = 0; i < gates.size(); i++) {
      if (name.equals(gates.get(i).getName())) {
        return i;
      }
    }
    return -1;
  }
}
