package io.dbmigrate.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dbmigrate.api.HealthSpec;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class HealthTimingTest {
  @Test
  void defaultsApplyWhereTheSpecSaysNothing() {
    assertThat(HealthTiming.of(null))
        .isEqualTo(
            new HealthTiming(Duration.ofSeconds(30), Duration.ofSeconds(5), Duration.ofMinutes(5)));
    assertThat(HealthTiming.of(new HealthSpec("PT1M", "1.5s", "1h30m")))
        .isEqualTo(
            new HealthTiming(
                Duration.ofMinutes(1), Duration.ofMillis(1500), Duration.ofMinutes(90)));
  }

  @Test
  void aBadValueIsRefusedNamingItsField() {
    assertThatThrownBy(() -> HealthTiming.of(new HealthSpec("0s", null, null)))
        .hasMessageStartingWith("spec.health.interval: '0s' is too short: use 1s to 24h");
    assertThatThrownBy(() -> HealthTiming.of(new HealthSpec(null, "99999999999999999999h", null)))
        .hasMessageStartingWith(
            "spec.health.timeout: '99999999999999999999h' is too long: use 250ms to 1h");
    assertThatThrownBy(() -> HealthTiming.of(new HealthSpec(null, "soon", null)))
        .hasMessageStartingWith("spec.health.timeout: 'soon' is not a duration");
    assertThatThrownBy(() -> HealthTiming.of(new HealthSpec(null, null, "PT-5S")))
        .hasMessageStartingWith("spec.health.reportInterval: 'PT-5S' is negative");
  }
}
