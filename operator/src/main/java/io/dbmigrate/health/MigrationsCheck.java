package io.dbmigrate.health;

import io.dbmigrate.runner.InfoCounts;

/** The schema against the sources: pending, failed and changed migrations. */
public record MigrationsCheck(boolean healthy, int pending, String message, InfoCounts counts) {
  public MigrationsCheck(boolean healthy, int pending, String message) {
    this(healthy, pending, message, null);
  }
}
