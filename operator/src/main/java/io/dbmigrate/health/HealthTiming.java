package io.dbmigrate.health;

import io.dbmigrate.api.HealthSpec;
import java.time.Duration;
import java.util.Objects;

/**
 * How one resource is probed.
 *
 * @param interval time between two probes
 * @param timeout how long connecting and {@code SELECT 1} may take
 * @param reportInterval how often unchanged health (new latency figures) is reported
 */
public record HealthTiming(Duration interval, Duration timeout, Duration reportInterval) {
  public static final HealthTiming DEFAULT = of(null);

  /** The spec's settings with defaults; throws IllegalArgumentException for a malformed or zero duration. */
  public static HealthTiming of(HealthSpec spec) {
    HealthSpec given = spec == null ? new HealthSpec() : spec;
    return new HealthTiming(
        positive(given.getInterval(), HealthSpec.DEFAULT_INTERVAL, "spec.health.interval"),
        positive(given.getTimeout(), HealthSpec.DEFAULT_TIMEOUT, "spec.health.timeout"),
        positive(given.getReportInterval(), HealthSpec.DEFAULT_REPORT_INTERVAL, "spec.health.reportInterval"));
  }

  private static Duration positive(String text, String fallback, String field) {
    Duration duration;
    try {
      duration = KubernetesDuration.parse(Objects.requireNonNullElse(text, fallback));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(field + ": " + e.getMessage());
    }
    if (duration.toMillis() <= 0) {
      throw new IllegalArgumentException(field + " must be longer than 0, not " + text);
    }
    return duration;
  }
}
