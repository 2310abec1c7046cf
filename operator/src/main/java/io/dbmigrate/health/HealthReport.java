package io.dbmigrate.health;

import io.dbmigrate.api.HealthStatus;
import java.time.Instant;
import java.util.Objects;

/**
 * One probe's findings.
 *
 * @param migrations null when no migration sources were given, or before the first inspection
 */
public record HealthReport(Instant checkedAt, DatabaseCheck database, MigrationsCheck migrations) {
  /** Healthy only when every check is. */
  public boolean healthy() {
    return database.healthy() && (migrations == null || migrations.healthy());
  }

  public String status() {
    return HealthStatus.of(healthy());
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
