package io.dbmigrate.gate;

import io.dbmigrate.gate.Requirement.InvalidRequirementException;
import io.fabric8.kubernetes.api.model.Pod;
import java.util.List;
import java.util.Map;

/** The requirements a pod declares in its {@code dbmigrate.io/requires} annotation. */
public final class RequiredMigrations {
  private RequiredMigrations() {}

  public static List<Requirement> of(Pod pod) throws InvalidRequirementException {
    Map<String, String> annotations =
        pod.getMetadata() == null ? null : pod.getMetadata().getAnnotations();
    String value = annotations == null ? null : annotations.get(Requirement.ANNOTATION);
    return value == null ? List.of() : Requirement.parseAll(value);
  }

  /** The same, for indexing: a pod that cannot be parsed requires nothing we can release. */
  public static List<String> namesOf(Pod pod) {
    try {
      return of(pod).stream().map(Requirement::migration).toList();
    } catch (InvalidRequirementException e) {
      return List.of();
    }
  }
}
