package io.dbmigrate.runner;

import io.dbmigrate.db.ConnectionSettings;

/** Reads Flyway's info, changing nothing: not even the history table is created. */
public final class InfoReader {

  /**
   * @throws CommandFailedException when it cannot be read (bad sources, unreachable database)
   */
  public InfoResult read(ConnectionSettings settings, RunOptions options) {
    return FlywayCommand.withMigrations(
        settings, options, (flyway, connection) -> InfoResult.of(flyway.info()));
  }
}
