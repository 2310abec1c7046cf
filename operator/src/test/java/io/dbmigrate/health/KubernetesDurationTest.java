package io.dbmigrate.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dbmigrate.api.HealthSpec;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class KubernetesDurationTest {
  @Test
  void readsKubernetesStyleDurations() {
    assertThat(KubernetesDuration.parse("500ms")).isEqualTo(Duration.ofMillis(500));
    assertThat(KubernetesDuration.parse("30s")).isEqualTo(Duration.ofSeconds(30));
    assertThat(KubernetesDuration.parse("5m")).isEqualTo(Duration.ofMinutes(5));
    assertThat(KubernetesDuration.parse("1h")).isEqualTo(Duration.ofHours(1));
    assertThat(KubernetesDuration.parse("1m30s")).isEqualTo(Duration.ofSeconds(90));
    assertThat(KubernetesDuration.parse("1.5s")).isEqualTo(Duration.ofMillis(1500));
  }

  @Test
  void rejectsOtherForms() {
    for (String bad : new String[] {"30", "PT30S", "5 m", "-1s", "1d", ""}) {
      assertThatThrownBy(() -> KubernetesDuration.parse(bad)).as(bad).isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("e.g. 30s");
    }
  }

  @Test
  void timingHasDefaultsAndNamesTheBadField() {
    assertThat(HealthTiming.of(null))
        .isEqualTo(new HealthTiming(Duration.ofSeconds(30), Duration.ofSeconds(5), Duration.ofMinutes(5)));
    assertThatThrownBy(() -> HealthTiming.of(new HealthSpec("0s", null, null)))
        .hasMessageContaining("spec.health.interval");
    assertThatThrownBy(() -> HealthTiming.of(new HealthSpec(null, "soon", null)))
        .hasMessageContaining("spec.health.timeout");
  }
}
