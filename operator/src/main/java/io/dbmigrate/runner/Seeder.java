package io.dbmigrate.runner;

import io.dbmigrate.runner.RunResult.RunError;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies seeds after the migrations: in order, each new or changed file in its own transaction
 * together with its history row. The first failing file is rolled back and stops the seeding; the
 * files before it stay applied, as the migrations do. On MySQL and MariaDB DDL in a seed file
 * commits implicitly: only its data changes are rolled back with it.
 */
final class Seeder {
  private static final Logger log = LoggerFactory.getLogger(Seeder.class);

  /** The seeds' results and, when one failed, why. */
  record Outcome(List<SeedResult> seeds, RunError error) {}

  private final SeedHistory history;
  private final String environment;
  private final EngineSql sql;

  Seeder(SeedHistory history, String environment, EngineSql sql) {
    this.history = history;
    this.environment = environment;
    this.sql = sql;
  }

  /** Results for seeds that were not attempted: Skipped for another environment, else NotRun. */
  static List<SeedResult> notRun(List<SeedSource> sources) {
    return sources.stream()
        .map(
            s ->
                s.skipped()
                    ? SeedResult.skipped(s.name())
                    : SeedResult.notRun(s.name(), s.files().size()))
        .toList();
  }

  Outcome apply(Connection connection, List<SeedSource> sources) throws SQLException {
    if (sources.stream().allMatch(SeedSource::skipped)) {
      return new Outcome(notRun(sources), null);
    }
    history.createIfMissing(connection);
    lock(connection, true);
    try {
      List<SeedResult> results = new ArrayList<>();
      RunError error = null;
      for (SeedSource source : sources) {
        if (source.skipped()) {
          results.add(SeedResult.skipped(source.name()));
        } else if (error != null) {
          results.add(SeedResult.notRun(source.name(), source.files().size()));
        } else {
          SeedResult result = apply(connection, source);
          results.add(result);
          if (result.status() == SeedOutcome.Failed) {
            error = new RunError(null, source.name() + "/" + result.failedFile(), result.message());
          }
        }
      }
      return new Outcome(List.copyOf(results), error);
    } finally {
      lock(connection, false);
    }
  }

  private SeedResult apply(Connection connection, SeedSource source) throws SQLException {
    // Read under the lock: a concurrent seeder may just have applied these files.
    Map<String, String> recorded = history.checksums(connection, source.name());
    List<SeedFile> toApply = source.filesToApply(recorded);
    int applied = 0;
    for (SeedFile file : toApply) {
      try {
        long durationMs = applyInTransaction(connection, source.name(), file);
        applied++;
        log.info("seed {}: applied {} in {} ms", source.name(), file.name(), durationMs);
      } catch (SQLException e) {
        if (isConnectionLost(e)) {
          throw e;
        }
        String message = MigrationFailures.explainSeed(source.name(), file.name(), e, sql.engine());
        log.warn("{}", message);
        return new SeedResult(
            source.name(),
            SeedOutcome.Failed,
            source.files().size(),
            applied,
            file.name(),
            message);
      }
    }
    return SeedResult.applied(source.name(), source.files().size(), applied);
  }

  private long applyInTransaction(Connection connection, String seed, SeedFile file)
      throws SQLException {
    long started = System.nanoTime();
    connection.setAutoCommit(false);
    try (Statement statement = connection.createStatement()) {
      statement.execute(file.sql());
      long durationMs = (System.nanoTime() - started) / 1_000_000;
      history.record(connection, seed, file, environment, durationMs);
      connection.commit();
      return durationMs;
    } catch (SQLException e) {
      rollbackQuietly(connection);
      throw e;
    } finally {
      connection.setAutoCommit(true);
    }
  }

  private static void rollbackQuietly(Connection connection) {
    try {
      connection.rollback();
    } catch (SQLException e) {
      log.debug("rollback after a failed seed file failed too", e);
    }
  }

  private static boolean isConnectionLost(SQLException e) {
    return e.getSQLState() != null && e.getSQLState().startsWith("08");
  }

  private void lock(Connection connection, boolean take) throws SQLException {
    try (Statement statement = connection.createStatement()) {
      statement.execute(sql.seedLock(take));
    }
  }
}
