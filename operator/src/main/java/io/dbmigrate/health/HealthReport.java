package io.dbmigrate.health;

import java.time.Instant;
import java.util.Objects;

/**
 * One probe's findings.
 *
 * @param migrations null when no migration sources were given, or before the first inspection
 */
public record HealthReport(Instant checkedAt, DatabaseCheck database, MigrationsCheck migrations) {
  public static final String HEALTHY = "healthy";
  public static final String UNHEALTHY = "unhealthy";

  /** Healthy only when every check is. */
  public boolean healthy() {
    return database.healthy() && (migrations == null || migrations.healthy());
  }

  public String status() {
    return text(healthy());
  }

  static String text(boolean healthy) {
    return healthy ? HEALTHY : UNHEALTHY;
  }

  /**
   * Whether the two reports say the same thing apart from timing figures: a change here is reported
   * at once, latency alone only every report interval.
   */
  public boolean sameStateAs(HealthReport other) {
    return other != null
        && database.healthy() == other.database.healthy()
        && Objects.equals(migrations, other.migrations);
  }
}
