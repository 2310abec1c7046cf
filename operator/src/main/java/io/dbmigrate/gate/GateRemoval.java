package io.dbmigrate.gate;

import io.fabric8.kubernetes.api.model.Pod;

/**
 * One scheduling gate to take off a pod: its name, where it was seen in the pod's gate list, and
 * whether it is the last of the operator's gates on that pod (then the watch label goes too).
 */
public record GateRemoval(Pod pod, String gate, int index, boolean lastOfOurs) {
  public String podName() {
    return pod.getMetadata().getNamespace() + "/" + pod.getMetadata().getName();
  }
}
