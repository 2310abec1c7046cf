package io.dbmigrate.db;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Collection;
import java.util.List;

/**
 * Looks at migration sessions and the locks they wait for, on either engine family: {@link
 * LockWaits} on PostgreSQL, {@link MySqlLockWaits} on MySQL/MariaDB. The runner watches its own
 * session by id; the operator finds a Job's sessions by the name the runner gave them.
 */
public final class MigrationSessions {
  private MigrationSessions() {}

  /** The session with this pid (PostgreSQL) or connection id (MySQL), or null when it ended. */
  public static SessionActivity ofSession(DatabaseEngine engine, Connection connection, int id)
      throws SQLException {
    return engine.isMySqlFamily()
        ? MySqlLockWaits.ofSession(connection, id)
        : LockWaits.ofSession(connection, id);
  }

  /**
   * The sessions applying a migration of the run {@code session}, each named {@code <session>
   * <file>}: by application_name on PostgreSQL, by their {@link MigrationLocks} on MySQL/MariaDB.
   *
   * @param files the migration file names the run may apply
   */
  public static List<SessionActivity> ofRun(
      DatabaseEngine engine, Connection connection, String session, Collection<String> files)
      throws SQLException {
    return engine.isMySqlFamily()
        ? MySqlLockWaits.ofRun(connection, session, files)
        : LockWaits.withApplicationPrefix(connection, session + " ");
  }
}
