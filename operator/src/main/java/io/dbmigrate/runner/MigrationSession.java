package io.dbmigrate.runner;

import io.dbmigrate.config.LockPolicy;
import io.dbmigrate.db.DatabaseEngine;
import io.dbmigrate.db.MigrationLocks;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.callback.Callback;
import org.flywaydb.core.api.callback.Context;
import org.flywaydb.core.api.callback.Event;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Prepares the session each migration runs on, just before it runs: the lock and statement timeouts
 * of the {@link LockPolicy}, and an application_name that names the migration ({@code dbmigrate
 * V12__add_column.sql}), so that a DBA, the operator and the {@link MigrationWatch} can see in
 * {@code pg_stat_activity} what runs. Set inside the migration's transaction, a rolled-back attempt
 * takes the settings with it; the next attempt sets them again. On MySQL and MariaDB the session
 * gets their lock and statement timeouts instead (see {@link EngineSql#mySqlSessionSettings}), and
 * its id is CONNECTION_ID(). They have no application_name: the session holds the user lock of the
 * same name while the migration runs ({@link MigrationLocks}), which is how the operator finds it.
 */
final class MigrationSession implements Callback {
  private static final Logger log = LoggerFactory.getLogger(MigrationSession.class);

  /** PostgreSQL keeps the first 63 bytes of an application_name. */
  static final int APPLICATION_NAME_LENGTH = 63;

  private final LockPolicy policy;
  private final String applicationName;
  private final MigrationWatch watch;
  private final DatabaseEngine engine;
  private boolean saidNoStatementTimeout;

  /** The user lock that marks the running migration's MySQL/MariaDB session, while it runs. */
  private String heldLock;

  /**
   * The MySQL/MariaDB connection whose timeouts are set: SET SESSION there is not undone by a
   * rollback, so one setting serves every migration Flyway runs on that connection.
   */
  private Connection preparedConnection;

  /**
   * @param applicationName the prefix of the session's application_name; the operator makes it
   *     unique per Job so that it can find the Job's session
   */
  MigrationSession(
      LockPolicy policy, String applicationName, MigrationWatch watch, DatabaseEngine engine) {
    this.policy = policy;
    this.applicationName = applicationName;
    this.watch = watch;
    this.engine = engine;
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
      releaseLock(context.getConnection());
      return;
    }
    String file = ValidationErrors.fileName(context.getMigrationInfo().getScript());
    if (engine.isMySqlFamily()) {
      prepareMySqlSession(context.getConnection(), file);
      return;
    }
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

  private void prepareMySqlSession(Connection connection, String file) {
    try {
      if (connection != preparedConnection) {
        setMySqlTimeouts(connection);
        preparedConnection = connection;
      }
      releaseLock(connection);
      String lock = MigrationLocks.name(applicationName, file);
      MigrationLocks.Mark mark = MigrationLocks.take(connection, lock);
      watch.started(file, mark.connectionId());
      if (mark.taken()) {
        heldLock = lock;
      } else {
        // Only another run with the same name (two CLI runs on one server) holds it.
        log.debug("user lock {} is held by another session; this run is not marked", lock);
      }
    } catch (SQLException e) {
      throw new FlywayException(
          "cannot prepare the session for " + file + ": " + e.getMessage(), e);
    }
  }

  private void setMySqlTimeouts(Connection connection) throws SQLException {
    boolean mariaDb = EngineSql.isMariaDbServer(connection);
    String settings = EngineSql.mySqlSessionSettings(policy, mariaDb);
    if (settings != null) {
      try (Statement statement = connection.createStatement()) {
        statement.execute(settings);
      }
    }
    if (!mariaDb && policy.statementTimeoutMillis() > 0 && !saidNoStatementTimeout) {
      saidNoStatementTimeout = true;
      log.info(
          "the statement timeout is not applied on MySQL: its max_execution_time covers SELECT"
              + " only");
    }
  }

  /**
   * Lets go of the mark when the migration ends, so that nobody sees it running after its end. A
   * failure here must not hide the migration's outcome; the lock goes with the session anyway.
   */
  private void releaseLock(Connection connection) {
    if (heldLock == null) {
      return;
    }
    try {
      MigrationLocks.release(connection, heldLock);
    } catch (SQLException e) {
      log.debug("releasing user lock {}: {}", heldLock, e.getMessage());
    }
    heldLock = null;
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
