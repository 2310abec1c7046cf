package io.dbmigrate.runner;

import io.dbmigrate.db.ConnectionFailures;
import io.dbmigrate.db.ConnectionSettings;
import io.dbmigrate.db.SimpleDataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;

/**
 * Runs a command on the schema history with the runner's one Flyway configuration, so it sees the
 * files and settings a run would. Connects first: Flyway's own connection errors quote the JDBC
 * URL.
 */
final class FlywayCommand {
  interface Action<T> {
    T run(Flyway flyway, Connection connection) throws SQLException;
  }

  private FlywayCommand() {}

  /** With the migrations of {@code options}: info and repair compare the history with them. */
  static <T> T withMigrations(ConnectionSettings settings, RunOptions options, Action<T> action) {
    MigrationSources sources;
    try {
      sources = RunInputs.migrations(options);
    } catch (MigrationSources.InvalidSourcesException e) {
      throw new CommandFailedException(e.getMessage());
    }
    return run(settings, sources, options, action);
  }

  /** Without migrations: baseline writes the history without reading any file. */
  static <T> T withoutMigrations(
      ConnectionSettings settings, RunOptions options, Action<T> action) {
    return run(settings, MigrationSources.write(List.of(Map.of())), options, action);
  }

  private static <T> T run(
      ConnectionSettings settings, MigrationSources sources, RunOptions options, Action<T> action) {
    SimpleDataSource dataSource = new SimpleDataSource(settings);
    try (sources;
        Connection connection = dataSource.getConnection()) {
      Flyway flyway =
          MigrationRunner.flyway(dataSource, sources, options.target(), options.flyway(), false);
      return action.run(flyway, connection);
    } catch (SQLException e) {
      throw new CommandFailedException(ConnectionFailures.explain(e, settings));
    } catch (FlywayException e) {
      String message = MigrationFailures.explain(e, settings).message();
      throw new CommandFailedException(
          message.replace(sources.root() + "/", "").replace(sources.root().toString(), ""));
    }
  }
}
