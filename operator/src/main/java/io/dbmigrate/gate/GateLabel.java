package io.dbmigrate.gate;

import io.fabric8.kubernetes.api.model.Pod;
import java.util.Map;
import java.util.Optional;

/**
 * The pod label that opts a pod in to the gate, as {@code sidecar.istio.io/inject} does for Istio:
 * the webhook configuration selects pods by it, so pods that need no schema never wait on the
 * operator at creation.
 */
public final class GateLabel {
  public static final String KEY = "dbmigrate.io/gate";

  /** Hold the pod until the migrations its {@code dbmigrate.io/requires} names are Ready. */
  public static final String ENABLED = "enabled";

  /** Keep the pod out of the gate, also in a namespace that opted in as a whole. */
  public static final String DISABLED = "disabled";

  private GateLabel() {}

  public static Optional<String> valueOn(Pod pod) {
    Map<String, String> labels = pod.getMetadata() == null ? null : pod.getMetadata().getLabels();
    return Optional.ofNullable(labels == null ? null : labels.get(KEY));
  }
}
