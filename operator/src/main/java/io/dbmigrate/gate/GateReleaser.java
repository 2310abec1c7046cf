package io.dbmigrate.gate;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.net.HttpURLConnection;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes scheduling gates off pods, as a {@link GatePlan} decided. Each removal is a JSON patch that
 * first tests the gate is still where it was seen, so a concurrent change of the pod fails the
 * patch (and the pod's next event retries) instead of removing someone else's gate.
 */
public final class GateReleaser {
  private static final Logger LOG = LoggerFactory.getLogger(GateReleaser.class);

  /** The pod is gone, or changed since it was cached: its next event brings it back. */
  private static final List<Integer> RETRIED_BY_NEXT_EVENT =
      List.of(HttpURLConnection.HTTP_NOT_FOUND, HttpURLConnection.HTTP_CONFLICT, 422);

  private final ObjectMapper json = new ObjectMapper();

  /**
   * @return one line for each gate the API server refused to remove for another reason (RBAC, an
   *     admission webhook, the server down): pods that stay gated until someone acts
   */
  public List<String> release(KubernetesClient client, List<GateRemoval> removals) {
    List<String> refused = new ArrayList<>();
    for (GateRemoval removal : removals) {
      try {
        remove(client, removal);
        LOG.info("{}: removed scheduling gate {}", removal.podName(), removal.gate());
      } catch (KubernetesClientException e) {
        if (RETRIED_BY_NEXT_EVENT.contains(e.getCode())) {
          LOG.debug(
              "{}: gate {} not removed now: {}", removal.podName(), removal.gate(), e.getMessage());
        } else {
          refused.add(removal.podName() + ": " + e.getMessage());
        }
      }
    }
    return refused;
  }

  private void remove(KubernetesClient client, GateRemoval removal) {
    ArrayNode ops = json.createArrayNode();
    String path = "/spec/schedulingGates/" + removal.index();
    ops.addObject().put("op", "test").put("path", path + "/name").put("value", removal.gate());
    ops.addObject().put("op", "remove").put("path", path);
    if (removal.lastOfOurs()) {
      // Off the watched label, the pod leaves the operator's cache.
      ops.addObject().put("op", "remove").put("path", Requirement.GATED_LABEL_PATH);
    }
    client
        .pods()
        .inNamespace(removal.pod().getMetadata().getNamespace())
        .withName(removal.pod().getMetadata().getName())
        .patch(PatchContext.of(PatchType.JSON), ops.toString());
  }
}
