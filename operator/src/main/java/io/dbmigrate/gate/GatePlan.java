package io.dbmigrate.gate;

import io.dbmigrate.gate.Requirement.InvalidRequirementException;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodSchedulingGate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * Which of the pods gated on a migration it now lets go, and how many still wait: worked out from
 * the pods and the migration's state alone, so the reconciler can decide before it acts.
 */
public record GatePlan(List<GateRemoval> removals, int waiting) {

  /**
   * @param pods the gated pods that name {@code migration} in their annotation
   */
  public static GatePlan of(Collection<Pod> pods, String migration, MigrationReadiness state) {
    List<GateRemoval> removals = new ArrayList<>();
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
      removals.add(new GateRemoval(pod, requirement.get().gateName(), index, lastOfOurs));
    }
    return new GatePlan(List.copyOf(removals), waiting);
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
