package io.dbmigrate.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class LockPolicyTest {
  @Test
  void unsetFieldsTakeTheDocumentedDefaults() {
    LockPolicy policy = LockPolicy.of(null, null, null, "spec.migrations.");

    assertThat(policy.lockTimeout()).isEqualTo(Duration.ofSeconds(10));
    assertThat(policy.lockRetries()).isEqualTo(3);
    assertThat(policy.statementTimeout()).isZero();
    assertThat(policy).isEqualTo(LockPolicy.DEFAULT);
  }

  @Test
  void zeroTurnsATimeoutOff() {
    LockPolicy policy = LockPolicy.of("0s", 0, "PT0S", "");

    assertThat(policy.lockTimeoutMillis()).isZero();
    assertThat(policy.statementTimeoutMillis()).isZero();
    assertThat(LockPolicy.LOCK_TIMEOUT.parseOrOff("0")).isZero();
  }

  @Test
  void negativeShortAndAbsurdValuesAreRefusedNamingTheField() {
    assertThatThrownBy(() -> LockPolicy.of("-1s", null, null, "spec.migrations."))
        .hasMessageStartingWith("spec.migrations.lockTimeout: '-1s' is negative");
    assertThatThrownBy(() -> LockPolicy.of("50ms", null, null, "spec.migrations."))
        .hasMessageStartingWith("spec.migrations.lockTimeout: '50ms' is too short");
    assertThatThrownBy(() -> LockPolicy.of(null, null, "25h", "spec.migrations."))
        .hasMessageStartingWith("spec.migrations.statementTimeout: '25h' is too long")
        .hasMessageEndingWith("or 0s for none");
    assertThatThrownBy(() -> LockPolicy.of(null, 21, null, "spec.migrations."))
        .hasMessage("spec.migrations.lockRetries must be between 0 and 20, not 21");
    assertThatThrownBy(() -> LockPolicy.of("soon", null, null, ""))
        .hasMessageStartingWith("lockTimeout: 'soon' is not a duration");
  }

  @Test
  void retriesBackOffDoublingUpToHalfAMinute() {
    LockPolicy policy = LockPolicy.DEFAULT;

    assertThat(policy.backoff(1)).isEqualTo(Duration.ofSeconds(1));
    assertThat(policy.backoff(2)).isEqualTo(Duration.ofSeconds(2));
    assertThat(policy.backoff(3)).isEqualTo(Duration.ofSeconds(4));
    assertThat(policy.backoff(6)).isEqualTo(Duration.ofSeconds(30));
    assertThat(policy.backoff(20)).isEqualTo(Duration.ofSeconds(30));
  }
}
