package io.dbmigrate.runner;

import io.dbmigrate.config.LockPolicy;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.callback.Callback;
import org.flywaydb.core.api.callback.Context;
import org.flywaydb.core.api.callback.Event;

/**
 * Prepares the session each migration runs on, just before it runs: the lock and statement timeouts
 * of the {@link LockPolicy}, and an application_name that names the migration ({@code dbmigrate
 * V12__add_column.sql}), so that a DBA, the operator and the {@link MigrationWatch} can see in
 * {@code pg_stat_activity} what runs. Set inside the migration's transaction, a rolled-back attempt
 * takes the settings with it; the next attempt sets them again.
 */
final class MigrationSession implements Callback {
  /** PostgreSQL keeps the first 63 bytes of an application_name. */
  static final int APPLICATION_NAME_LENGTH = 63;

  private final LockPolicy policy;
  private final String applicationName;
  private final MigrationWatch watch;

  /**
   * @param applicationName the prefix of the session's application_name; the operator makes it
   *     unique per Job so that it can find the Job's session
   */
  MigrationSession(LockPolicy policy, String applicationName, MigrationWatch watch) {
    this.policy = policy;
    this.applicationName = applicationName;
    this.watch = watch;
  }

  @Override
  public boolean supports(Event event, Context context) {
    return event == Event.BEFORE_EACH_MIGRATE
        || event == Event.AFTER_EACH_MIGRATE
        || event == Event.AFTER_EACH_MIGRATE_ERROR;
  }

  @Override
  public boolean canHandleInTransaction(Event event, Context context) {
    return true;
  }

  @Override
  public void handle(Event event, Context context) {
    if (event != Event.BEFORE_EACH_MIGRATE) {
      watch.ended();
      return;
    }
    String file = ValidationErrors.fileName(context.getMigrationInfo().getScript());
    try (PreparedStatement statement =
        context
            .getConnection()
            .prepareStatement(
                "SELECT pg_backend_pid(), set_config('lock_timeout', ?, false),"
                    + " set_config('statement_timeout', ?, false),"
                    + " set_config('application_name', ?, false)")) {
      statement.setString(1, policy.lockTimeoutMillis() + "ms");
      statement.setString(2, policy.statementTimeoutMillis() + "ms");
      statement.setString(3, applicationName(applicationName, file));
      try (ResultSet row = statement.executeQuery()) {
        row.next();
        watch.started(file, row.getInt(1));
      }
    } catch (SQLException e) {
      throw new FlywayException(
          "cannot prepare the session for " + file + ": " + e.getMessage(), e);
    }
  }

  /** {@code dbmigrate:1a2b3c V12__add_column.sql}, cut to what PostgreSQL keeps. */
  static String applicationName(String prefix, String file) {
    String name = prefix + " " + file;
    return name.length() <= APPLICATION_NAME_LENGTH
        ? name
        : name.substring(0, APPLICATION_NAME_LENGTH);
  }

  @Override
  public String getCallbackName() {
    return "dbmigrate-session";
  }
}
