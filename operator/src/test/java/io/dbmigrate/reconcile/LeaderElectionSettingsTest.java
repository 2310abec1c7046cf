package io.dbmigrate.reconcile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class LeaderElectionSettingsTest {
  @Test
  void defaultsAreTheUsualControllerTimings() {
    LeaderElectionSettings settings = LeaderElectionSettings.enabled("dbmigrate-system", "pod-1");
    assertThat(settings.leaseName()).isEqualTo("dbmigrate-operator");
    assertThat(settings.leaseDuration()).isEqualTo(Duration.ofSeconds(15));
    assertThat(settings.renewDeadline()).isEqualTo(Duration.ofSeconds(10));
    assertThat(settings.retryPeriod()).isEqualTo(Duration.ofSeconds(2));
  }

  @Test
  void enabledNeedsANamespaceAndAnIdentity() {
    assertThatThrownBy(() -> LeaderElectionSettings.enabled(" ", "pod-1"))
        .hasMessageContaining("lease namespace");
    assertThatThrownBy(() -> LeaderElectionSettings.enabled("ns", null))
        .hasMessageContaining("identity");
    assertThat(LeaderElectionSettings.disabled().enabled()).isFalse();
  }

  @Test
  void timingsMustNest() {
    LeaderElectionSettings settings = LeaderElectionSettings.enabled("ns", "pod-1");
    assertThatThrownBy(
            () ->
                settings.withTimings(
                    Duration.ofSeconds(2), Duration.ofSeconds(2), Duration.ofMillis(500)))
        .hasMessageContaining("retry period < renew deadline < lease duration");
    assertThat(
            settings
                .withTimings(Duration.ofSeconds(2), Duration.ofMillis(1500), Duration.ofMillis(500))
                .leaseDuration())
        .isEqualTo(Duration.ofSeconds(2));
  }
}
