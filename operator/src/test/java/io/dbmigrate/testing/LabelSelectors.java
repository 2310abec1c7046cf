package io.dbmigrate.testing;

import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirement;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Whether a label selector selects a set of labels, by the rules the Kubernetes documentation gives
 * (Labels and Selectors; the API server's labels package): every matchLabels entry and every
 * matchExpressions requirement must hold; {@code NotIn} and {@code DoesNotExist} hold for a key
 * that is absent; an empty or missing selector selects everything. A test tool only: the mock API
 * server evaluates no selectors for admission.
 */
public final class LabelSelectors {
  private LabelSelectors() {}

  public static boolean matches(LabelSelector selector, Map<String, String> labels) {
    if (selector == null) {
      return true;
    }
    Map<String, String> present = labels == null ? Map.of() : labels;
    Map<String, String> matchLabels =
        selector.getMatchLabels() == null ? Map.of() : selector.getMatchLabels();
    List<LabelSelectorRequirement> expressions =
        selector.getMatchExpressions() == null ? List.of() : selector.getMatchExpressions();
    return matchLabels.entrySet().stream()
            .allMatch(e -> Objects.equals(present.get(e.getKey()), e.getValue()))
        && expressions.stream().allMatch(requirement -> holds(requirement, present));
  }

  private static boolean holds(LabelSelectorRequirement requirement, Map<String, String> labels) {
    boolean has = labels.containsKey(requirement.getKey());
    List<String> values = requirement.getValues() == null ? List.of() : requirement.getValues();
    return switch (requirement.getOperator()) {
      case "In" -> has && values.contains(labels.get(requirement.getKey()));
      case "NotIn" -> !has || !values.contains(labels.get(requirement.getKey()));
      case "Exists" -> has;
      case "DoesNotExist" -> !has;
      default ->
          throw new IllegalArgumentException(
              "not a label selector operator: " + requirement.getOperator());
    };
  }
}
