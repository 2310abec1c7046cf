package io.dbmigrate.health;

import io.dbmigrate.api.HealthSpec;
import io.dbmigrate.config.DurationRange;
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
  /**
   * Probing more often than every second only loads the database; a day is the longest sensible
   * gap.
   */
  public static final DurationRange INTERVAL =
      DurationRange.between(Duration.ofSeconds(1), Duration.ofHours(24));

  /**
   * From HikariCP's smallest connection timeout (a shorter one would silently become 250 ms) to an
   * hour: the probe thread waits that long, and the socket timeout is three times as long.
   */
  public static final DurationRange TIMEOUT =
      DurationRange.between(Duration.ofMillis(250), Duration.ofHours(1));

  /** Each report is a status write: at most one a second, at least one a day. */
  public static final DurationRange REPORT_INTERVAL =
      DurationRange.between(Duration.ofSeconds(1), Duration.ofHours(24));

  /**
   * The spec's settings with defaults; throws IllegalArgumentException naming the field for a
   * malformed or out-of-range duration.
   */
  public static HealthTiming of(HealthSpec spec) {
    HealthSpec given = spec == null ? new HealthSpec() : spec;
    return new HealthTiming(
        read(given.getInterval(), HealthSpec.DEFAULT_INTERVAL, INTERVAL, "spec.health.interval"),
        read(given.getTimeout(), HealthSpec.DEFAULT_TIMEOUT, TIMEOUT, "spec.health.timeout"),
        read(
            given.getReportInterval(),
            HealthSpec.DEFAULT_REPORT_INTERVAL,
            REPORT_INTERVAL,
            "spec.health.reportInterval"));
  }

  private static Duration read(String text, String fallback, DurationRange range, String field) {
    try {
      return range.parse(Objects.requireNonNullElse(text, fallback));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(field + ": " + e.getMessage());
    }
  }
}
