package io.dbmigrate.cli;

import io.dbmigrate.config.LockPolicy;
import io.dbmigrate.runner.RunOptions;
import java.time.Duration;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** How migrate and reset behave on a live database: lock and statement timeouts, retries. */
final class LockOptions {
  @Spec(Spec.Target.MIXEE)
  picocli.CommandLine.Model.CommandSpec spec;

  @Option(
      names = "--lock-timeout",
      paramLabel = "DURATION",
      converter = DurationConverters.LockTimeout.class,
      defaultValue = LockPolicy.DEFAULT_LOCK_TIMEOUT,
      description = {
        "Longest wait of one migration statement for a lock (PostgreSQL lock_timeout;",
        "MariaDB/MySQL lock_wait_timeout and innodb_lock_wait_timeout, whole seconds, at least 1s);",
        "0s waits forever, on MariaDB/MySQL as long as the server's default (default: ${DEFAULT-VALUE})."
      })
  Duration lockTimeout;

  @Option(
      names = "--lock-retries",
      paramLabel = "N",
      defaultValue = "" + LockPolicy.DEFAULT_LOCK_RETRIES,
      description =
          "How often a migration that timed out waiting for a lock is rolled back and tried"
              + " again, 0 to "
              + LockPolicy.MAX_LOCK_RETRIES
              + " (default: ${DEFAULT-VALUE}). PostgreSQL only: on MariaDB/MySQL DDL commits"
              + " implicitly, so a migration is never tried again.")
  int lockRetries;

  @Option(
      names = "--statement-timeout",
      paramLabel = "DURATION",
      converter = DurationConverters.StatementTimeout.class,
      defaultValue = LockPolicy.DEFAULT_STATEMENT_TIMEOUT,
      description =
          "Longest run of one migration statement (PostgreSQL statement_timeout, MariaDB"
              + " max_statement_time; not applied on MySQL); 0s for none"
              + " (default: ${DEFAULT-VALUE}).")
  Duration statementTimeout;

  @Option(
      names = "--application-name",
      paramLabel = "NAME",
      defaultValue = RunOptions.DEFAULT_APPLICATION_NAME,
      description =
          "What the migration session is called in pg_stat_activity, followed by the migration's"
              + " file name (default: ${DEFAULT-VALUE}); on MySQL/MariaDB the name of a user lock"
              + " (GET_LOCK) the session holds while the file runs.")
  String applicationName;

  /** The options applied to a run; an out-of-range retry count is a usage error (exit 2). */
  RunOptions applyTo(RunOptions options) {
    if (lockRetries < 0 || lockRetries > LockPolicy.MAX_LOCK_RETRIES) {
      throw new ParameterException(
          spec.commandLine(),
          "Invalid value for option '--lock-retries': "
              + lockRetries
              + " is outside 0 to "
              + LockPolicy.MAX_LOCK_RETRIES);
    }
    return options
        .withLockPolicy(new LockPolicy(lockTimeout, lockRetries, statementTimeout))
        .withApplicationName(applicationName);
  }
}
