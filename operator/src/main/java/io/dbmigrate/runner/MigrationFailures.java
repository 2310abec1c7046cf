package io.dbmigrate.runner;

import io.dbmigrate.db.ConnectionFailures;
import io.dbmigrate.db.ConnectionSettings;
import io.dbmigrate.runner.RunResult.RunError;
import java.sql.SQLException;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.internal.exception.FlywayMigrateException;

/** Explains a failure while migrations were being applied, in the database's own words. */
final class MigrationFailures {
  private MigrationFailures() {}

  /** A migration failed: name it and quote the database's error, not Flyway's dump. */
  static RunError explain(FlywayMigrateException failure) {
    MigrationInfo migration = failure.getMigration();
    String version = migration == null || migration.getVersion() == null ? null : migration.getVersion().getVersion();
    String script = migration == null || migration.getScript() == null
        ? null : ValidationErrors.fileName(migration.getScript());
    SQLException database = sqlCause(failure);
    String cause = database != null ? ValidationErrors.firstLine(database.getMessage())
        : ValidationErrors.firstLine(innermostMessage(failure));
    StringBuilder message = new StringBuilder("migration ");
    message.append(script == null ? "" : script + " ");
    message.append(version == null ? "(repeatable)" : "(version " + version + ")");
    message.append(" failed: ").append(cause);
    if (failure.getLineNumber() > 0) {
      message.append(" (statement at line ").append(failure.getLineNumber()).append(')');
    }
    if (failure.isExecutableInTransaction()) {
      message.append("; its transaction was rolled back, earlier migrations stay applied");
    }
    return new RunError(version, script, message.toString());
  }

  /** Anything else Flyway refused: a lost connection, a lock, a configuration problem. */
  static RunError explain(FlywayException failure, ConnectionSettings settings) {
    SQLException database = sqlCause(failure);
    if (database != null && database.getSQLState() != null && database.getSQLState().startsWith("08")) {
      return RunError.of(ConnectionFailures.explain(database, settings));
    }
    String cause = database != null ? database.getMessage() : failure.getMessage();
    return RunError.of("migration failed: " + ValidationErrors.firstLine(cause));
  }

  /**
   * A seed file failed. Seeds run again whenever a file changes, on databases that may already
   * hold the rows, so the usual cause is a plain INSERT: the hint says how to make it idempotent.
   */
  static String explainSeed(String seed, String file, SQLException failure) {
    String cause = oneLine(failure.getMessage());
    String hint = "23505".equals(failure.getSQLState())
        ? "a row already exists: make the seed idempotent, e.g. INSERT … ON CONFLICT (key) DO UPDATE SET … or MERGE"
        : "fix the file; seeds must be idempotent (INSERT … ON CONFLICT … DO UPDATE, MERGE)";
    return "seed " + seed + " failed in " + file + ": " + cause
        + "; this file was rolled back, the migrations and earlier seed files stay applied. " + hint;
  }

  /** The database's message with its Detail and Hint lines joined: they say which row and why. */
  private static String oneLine(String text) {
    return text == null ? "" : text.strip().replaceAll("\\s*\\R\\s*", " ");
  }

  private static SQLException sqlCause(Throwable failure) {
    for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
      if (cause instanceof SQLException sql) {
        return sql;
      }
      if (cause.getCause() == cause) {
        break;
      }
    }
    return null;
  }

  private static String innermostMessage(Throwable failure) {
    Throwable innermost = failure;
    while (innermost.getCause() != null && innermost.getCause() != innermost) {
      innermost = innermost.getCause();
    }
    return innermost.getMessage() == null ? failure.getMessage() : innermost.getMessage();
  }
}
