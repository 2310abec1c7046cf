package io.dbmigrate.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The test matcher against the selector semantics the Kubernetes documentation states. */
class LabelSelectorsTest {
  private static final Map<String, String> WEB = Map.of("app", "web", "tier", "front");

  @Test
  void emptyOrMissingSelectorSelectsEverything() {
    assertThat(LabelSelectors.matches(null, WEB)).isTrue();
    assertThat(LabelSelectors.matches(new LabelSelector(), Map.of())).isTrue();
  }

  @Test
  void matchLabelsNeedsEveryEntry() {
    assertThat(LabelSelectors.matches(labels(Map.of("app", "web")), WEB)).isTrue();
    assertThat(LabelSelectors.matches(labels(Map.of("app", "web", "tier", "back")), WEB)).isFalse();
    assertThat(LabelSelectors.matches(labels(Map.of("app", "web")), null)).isFalse();
  }

  @Test
  void inAndExistsNeedTheKey() {
    assertThat(LabelSelectors.matches(expression("app", "In", "web", "api"), WEB)).isTrue();
    assertThat(LabelSelectors.matches(expression("app", "In", "api"), WEB)).isFalse();
    assertThat(LabelSelectors.matches(expression("zone", "In", "a"), WEB)).isFalse();
    assertThat(LabelSelectors.matches(expression("tier", "Exists"), WEB)).isTrue();
    assertThat(LabelSelectors.matches(expression("zone", "Exists"), WEB)).isFalse();
  }

  @Test
  void notInAndDoesNotExistHoldForAnAbsentKey() {
    assertThat(LabelSelectors.matches(expression("zone", "NotIn", "a"), WEB)).isTrue();
    assertThat(LabelSelectors.matches(expression("app", "NotIn", "web"), WEB)).isFalse();
    assertThat(LabelSelectors.matches(expression("app", "NotIn", "api"), WEB)).isTrue();
    assertThat(LabelSelectors.matches(expression("zone", "DoesNotExist"), WEB)).isTrue();
    assertThat(LabelSelectors.matches(expression("app", "DoesNotExist"), WEB)).isFalse();
  }

  @Test
  void labelsAndExpressionsAreAnded() {
    LabelSelector selector =
        new LabelSelectorBuilder()
            .withMatchLabels(Map.of("app", "web"))
            .addNewMatchExpression()
            .withKey("tier")
            .withOperator("NotIn")
            .withValues("front")
            .endMatchExpression()
            .build();
    assertThat(LabelSelectors.matches(selector, WEB)).isFalse();
    assertThat(LabelSelectors.matches(selector, Map.of("app", "web"))).isTrue();
  }

  @Test
  void unknownOperatorIsAnError() {
    assertThatThrownBy(() -> LabelSelectors.matches(expression("app", "Equals", "web"), WEB))
        .hasMessageContaining("Equals");
  }

  private static LabelSelector labels(Map<String, String> labels) {
    return new LabelSelectorBuilder().withMatchLabels(labels).build();
  }

  private static LabelSelector expression(String key, String operator, String... values) {
    return new LabelSelectorBuilder()
        .addNewMatchExpression()
        .withKey(key)
        .withOperator(operator)
        .withValues(values)
        .endMatchExpression()
        .build();
  }
}
