package io.dbmigrate.runner;

import io.dbmigrate.config.LockPolicy;
import io.dbmigrate.db.DatabaseEngine;
import io.dbmigrate.db.SessionActivity;
import io.dbmigrate.db.SessionActivity.LockWait;
import io.dbmigrate.runner.RunResult.RunError;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.internal.exception.FlywayMigrateException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides whether a migration whose statement gave up waiting for a lock is tried again, waits
 * before it is, and explains the end when it is not. Only a transactional migration is retried:
 * PostgreSQL rolled it back, so it changed nothing. A non-transactional one (CREATE INDEX
 * CONCURRENTLY, ...) kept what its earlier statements did and is recorded as failed by Flyway;
 * running it again could not work.
 */
final class LockRetries {
  private static final Logger log = LoggerFactory.getLogger(LockRetries.class);

  private final LockPolicy policy;
  private final DatabaseEngine engine;
  private String migration;
  private int retried;

  LockRetries(LockPolicy policy, DatabaseEngine engine) {
    this.policy = policy;
    this.engine = engine;
  }

  static boolean isLockTimeout(FlywayMigrateException failure) {
    for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
      if (cause instanceof SQLException sql && EngineSql.isLockTimeout(sql)) {
        return true;
      }
      if (cause.getCause() == cause) {
        break;
      }
    }
    return false;
  }

  /**
   * Waits and says yes when the migration may be tried again; each migration has its own count.
   *
   * @param lastWait the lock wait the watch saw, for the log line
   */
  boolean retry(FlywayMigrateException failure, LockWait lastWait) {
    String file = file(failure.getMigration());
    if (!file.equals(migration)) {
      migration = file;
      retried = 0;
    }
    // On MySQL/MariaDB DDL commits implicitly: what ran before the timeout stays, so no retry.
    if (engine.isMySqlFamily()
        || !failure.isExecutableInTransaction()
        || retried >= policy.lockRetries()) {
      return false;
    }
    retried++;
    Duration backoff = policy.backoff(retried);
    log.warn(
        "{} could not take {} within {} and was rolled back; retry {} of {} in {}",
        file,
        lastWait == null ? "a lock" : lastWait.describe(),
        SessionActivity.describe(policy.lockTimeout()),
        retried,
        policy.lockRetries(),
        SessionActivity.describe(backoff));
    try {
      Thread.sleep(backoff.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
    return true;
  }

  /** The run ends here: what waited for what, for how long, and what state the database is in. */
  RunError explainGivingUp(FlywayMigrateException failure, LockWait lastWait) {
    MigrationInfo info = failure.getMigration();
    String version =
        info == null || info.getVersion() == null ? null : info.getVersion().getVersion();
    String file = file(info);
    int attempts = file.equals(migration) ? retried + 1 : 1;
    StringBuilder message =
        new StringBuilder("migration ")
            .append(file)
            .append(' ')
            .append(version == null ? "(repeatable)" : "(version " + version + ")")
            .append(" could not take a lock within ")
            .append(SessionActivity.describe(policy.lockTimeout()))
            .append(" (lock timeout)")
            .append(attempts == 1 ? "" : ", " + attempts + " attempts")
            .append(": it waited for ")
            .append(
                lastWait == null
                    ? "a lock whose holder was not seen (it held it too briefly to be seen)"
                    : lastWait.describe())
            .append(". ");
    if (engine.isMySqlFamily()) {
      List<String> ran = MigrationFailures.statementsBefore(info, failure.getLineNumber());
      boolean changedSchema = ran.stream().anyMatch(LockRetries::isDdl);
      message.append("On ").append(engine.displayName());
      if (changedSchema) {
        message
            .append(" DDL commits implicitly, so nothing was rolled back and it was not retried:")
            .append(" the statements before the one that timed out")
            .append(failure.getLineNumber() > 0 ? " (line " + failure.getLineNumber() + ")" : "")
            .append(" stay applied (")
            .append(String.join("; ", ran.subList(0, Math.min(5, ran.size()))))
            .append(ran.size() > 5 ? "; …" : "")
            .append("), and Flyway recorded it as failed. Undo or finish that by hand, then ");
      } else {
        message
            .append(
                ran.isEmpty()
                    ? " no statement of the file ran before it, so nothing of it stays"
                    : " no statement of the file before it changed the schema, so its data"
                        + " changes were rolled back")
            .append("; it was not retried, and Flyway recorded it as failed. Nothing to undo: ");
      }
      message
          .append(ValidationErrors.repairStep())
          .append(", and run again with a longer lock timeout or when that session is done");
    } else if (failure.isExecutableInTransaction()) {
      message
          .append(attempts == 1 ? "It was" : "Each attempt was")
          .append(" rolled back, so it changed nothing; earlier migrations stay applied.")
          .append(" End that session or run again when it is done, or raise the lock timeout")
          .append(" (spec.migrations.lockTimeout, --lock-timeout) or the retries (lockRetries)");
    } else {
      message
          .append("It runs outside a transaction, so nothing was rolled back: the statements")
          .append(" before the one that timed out")
          .append(failure.getLineNumber() > 0 ? " (line " + failure.getLineNumber() + ")" : "")
          .append(" stay applied, and Flyway recorded it as failed. An index CREATE INDEX")
          .append(" CONCURRENTLY was building is left INVALID: drop it (DROP INDEX CONCURRENTLY).")
          .append(" Then ")
          .append(ValidationErrors.repairStep())
          .append(", and run again with a longer lock timeout or when that session is done");
    }
    return new RunError(version, file, MigrationFailures.bounded(message.toString()));
  }

  /** A statement that commits implicitly on MySQL/MariaDB, by its first word. */
  private static boolean isDdl(String statement) {
    String word = statement.strip().split("\\s+", 2)[0].toUpperCase(java.util.Locale.ROOT);
    return List.of("CREATE", "ALTER", "DROP", "RENAME", "TRUNCATE").contains(word);
  }

  private static String file(MigrationInfo migration) {
    return migration == null || migration.getScript() == null
        ? "(unknown)"
        : ValidationErrors.fileName(migration.getScript());
  }
}
