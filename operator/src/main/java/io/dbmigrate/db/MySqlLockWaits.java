package io.dbmigrate.db;

import io.dbmigrate.db.MySqlLocks.Table;
import io.dbmigrate.db.SessionActivity.Holder;
import io.dbmigrate.db.SessionActivity.LockWait;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads MySQL/MariaDB sessions and the locks they wait for, as {@link LockWaits} does on
 * PostgreSQL, into the same records. A session waits either for a metadata lock (its process-list
 * state says so: DDL behind an open transaction, the usual migration case) or for an InnoDB row
 * lock ({@code INNODB_TRX} says {@code LOCK WAIT}). Who holds a row lock is exact (MariaDB's {@code
 * INNODB_LOCK_WAITS}, MySQL 8's {@code performance_schema.data_lock_waits}); who holds a metadata
 * lock is exact on MySQL 8 ({@code performance_schema.metadata_locks}) and on MariaDB with the
 * METADATA_LOCK_INFO plugin; otherwise MariaDB does not say, and the oldest other open transaction
 * is named as the likely holder. Without the PROCESS privilege a user sees only its own sessions:
 * the description says so instead of failing.
 */
public final class MySqlLockWaits {
  /** The views answer in milliseconds; a server that does not must not hold anyone up. */
  private static final int QUERY_TIMEOUT_SECONDS = 5;

  /** Access denied: for an operation (PROCESS), a table (performance_schema), a database. */
  private static final Set<Integer> ACCESS_DENIED = Set.of(1044, 1142, 1143, 1227);

  /** A session that is itself queued for a lock holds none that matters here. */
  private static final String NOT_WAITING = "COALESCE(p.STATE, '') NOT LIKE 'Waiting for %lock'";

  private static final String HOLDER =
      """
      SELECT p.ID, p.USER, p.HOST, p.COMMAND, %s AS seconds, COALESCE(p.INFO, t.trx_query) AS query,
             t.trx_id IS NOT NULL AS in_transaction
        FROM information_schema.PROCESSLIST p
        LEFT JOIN information_schema.INNODB_TRX t ON t.trx_mysql_thread_id = p.ID
       WHERE %s
       ORDER BY %s
       LIMIT 1
      """;

  private static final String MARIADB_ROW_LOCK_HOLDER =
      """
      SELECT b.trx_mysql_thread_id AS holder, NULL AS lock_schema, NULL AS lock_name,
             l.lock_table, l.lock_type, l.lock_mode
        FROM information_schema.INNODB_LOCK_WAITS w
        JOIN information_schema.INNODB_TRX b ON b.trx_id = w.blocking_trx_id
        LEFT JOIN information_schema.INNODB_LOCKS l ON l.lock_id = w.requested_lock_id
       WHERE w.requesting_trx_id = ?
       ORDER BY b.trx_started
       LIMIT 1
      """;

  private static final String MYSQL_ROW_LOCK_HOLDER =
      """
      SELECT b.trx_mysql_thread_id AS holder, l.OBJECT_SCHEMA AS lock_schema,
             l.OBJECT_NAME AS lock_name, NULL AS lock_table, l.LOCK_TYPE AS lock_type,
             l.LOCK_MODE AS lock_mode
        FROM performance_schema.data_lock_waits w
        JOIN information_schema.INNODB_TRX b ON b.trx_id = w.BLOCKING_ENGINE_TRANSACTION_ID
        LEFT JOIN performance_schema.data_locks l
          ON l.ENGINE_LOCK_ID = w.REQUESTING_ENGINE_LOCK_ID
       WHERE w.REQUESTING_ENGINE_TRANSACTION_ID = ?
       ORDER BY b.trx_started
       LIMIT 1
      """;

  /** MySQL 8: the sessions granted a lock on what the session waits for (pending) a lock on. */
  private static final String MYSQL_METADATA_LOCK_HOLDERS =
      """
      SELECT ht.PROCESSLIST_ID AS holder, w.LOCK_TYPE AS mode
        FROM performance_schema.metadata_locks w
        JOIN performance_schema.threads wt ON wt.THREAD_ID = w.OWNER_THREAD_ID
        JOIN performance_schema.metadata_locks h
          ON h.OBJECT_TYPE = w.OBJECT_TYPE AND h.OBJECT_SCHEMA <=> w.OBJECT_SCHEMA
         AND h.OBJECT_NAME <=> w.OBJECT_NAME AND h.LOCK_STATUS = 'GRANTED'
         AND h.OWNER_THREAD_ID <> w.OWNER_THREAD_ID
        JOIN performance_schema.threads ht ON ht.THREAD_ID = h.OWNER_THREAD_ID
       WHERE wt.PROCESSLIST_ID = ? AND w.LOCK_STATUS = 'PENDING'
      """;

  /** MariaDB with the METADATA_LOCK_INFO plugin: the sessions with a lock on the table. */
  private static final String MARIADB_METADATA_LOCK_HOLDERS =
      """
      SELECT THREAD_ID AS holder, NULL AS mode
        FROM information_schema.METADATA_LOCK_INFO
       WHERE LOCK_TYPE = 'Table metadata lock' AND TABLE_SCHEMA = ? AND TABLE_NAME = ?
         AND THREAD_ID <> ?
      """;

  private MySqlLockWaits() {}

  /** One session of the process list. */
  private record Process(int id, String db, Duration time, String state, String statement) {}

  /** The sessions the server says hold a lock, and the mode waited for when it says that. */
  private record ExactHolders(List<Integer> ids, String mode) {
    static final ExactHolders UNKNOWN = new ExactHolders(List.of(), null);
  }

  /** The session with this connection id, or null when it has ended. */
  public static SessionActivity ofSession(Connection connection, int id) throws SQLException {
    boolean mariaDb = isMariaDb(connection);
    Process waiting = process(connection, id, mariaDb);
    if (waiting == null) {
      return null;
    }
    LockWait lockWait =
        MySqlLocks.isLockWait(waiting.state())
            ? serverLockWait(connection, waiting, mariaDb)
            : rowLockWait(connection, waiting, mariaDb);
    return new SessionActivity(id, null, waiting.time(), lockWait);
  }

  /**
   * The sessions applying a migration for {@code session}, found by their {@link MigrationLocks},
   * each named {@code <session> <file>} as a PostgreSQL one names itself.
   */
  public static List<SessionActivity> ofRun(
      Connection connection, String session, Collection<String> files) throws SQLException {
    List<SessionActivity> sessions = new ArrayList<>();
    for (Map.Entry<Integer, String> holder :
        MigrationLocks.holders(connection, session, files).entrySet()) {
      SessionActivity activity = ofSession(connection, holder.getKey());
      if (activity != null) {
        sessions.add(
            new SessionActivity(
                activity.pid(),
                session + " " + holder.getValue(),
                activity.running(),
                activity.lockWait()));
      }
    }
    return sessions;
  }

  private static Process process(Connection connection, int id, boolean mariaDb)
      throws SQLException {
    try (PreparedStatement statement =
        prepare(
            connection,
            "SELECT ID, DB, "
                + seconds(mariaDb)
                + " AS seconds, STATE, INFO FROM information_schema.PROCESSLIST p WHERE ID = ?")) {
      statement.setInt(1, id);
      try (ResultSet row = statement.executeQuery()) {
        return row.next()
            ? new Process(
                id,
                row.getString("DB"),
                duration(row, "seconds"),
                row.getString("STATE"),
                row.getString("INFO"))
            : null;
      }
    }
  }

  /** A wait for a metadata lock (or the global read lock, ...): the state says so. */
  private static LockWait serverLockWait(Connection connection, Process waiting, boolean mariaDb)
      throws SQLException {
    Table table = MySqlLocks.tableOf(waiting.statement());
    String lock = MySqlLocks.lockName(waiting.state(), table, waiting.db());
    boolean metadata = MySqlLocks.isMetadataLockWait(waiting.state());
    try {
      ExactHolders exact = exactHolders(connection, waiting, table, mariaDb);
      Holder holder = exact.ids().isEmpty() ? null : holder(connection, mariaDb, exact.ids());
      if (holder == null && metadata) {
        holder = likelyHolder(connection, waiting, table, mariaDb);
      }
      return new LockWait(
          lock,
          exact.mode(),
          waiting.time(),
          holder,
          holder == null ? MySqlLocks.unnamedHolder(mariaDb) : null);
    } catch (SQLException e) {
      if (!ACCESS_DENIED.contains(e.getErrorCode())) {
        throw e;
      }
      return new LockWait(lock, null, waiting.time(), null, MySqlLocks.hiddenHolder(mariaDb));
    }
  }

  /** The sessions holding the lock, where the server says so: MySQL 8, METADATA_LOCK_INFO. */
  private static ExactHolders exactHolders(
      Connection connection, Process waiting, Table table, boolean mariaDb) throws SQLException {
    boolean exact = !mariaDb || (table != null && hasMetadataLockInfo(connection));
    if (!exact) {
      return ExactHolders.UNKNOWN;
    }
    PreparedStatement statement =
        prepare(connection, mariaDb ? MARIADB_METADATA_LOCK_HOLDERS : MYSQL_METADATA_LOCK_HOLDERS);
    if (mariaDb) {
      statement.setString(1, table.schema() == null ? waiting.db() : table.schema());
      statement.setString(2, table.name());
      statement.setInt(3, waiting.id());
    } else {
      statement.setInt(1, waiting.id());
    }
    List<Integer> holders = new ArrayList<>();
    String mode = null;
    try (statement;
        ResultSet row = statement.executeQuery()) {
      while (row.next()) {
        holders.add(row.getInt("holder"));
        mode = row.getString("mode");
      }
    }
    return new ExactHolders(holders, mode);
  }

  /** The oldest open transaction but the waiting one's, preferring the table's database. */
  private static Holder likelyHolder(
      Connection connection, Process waiting, Table table, boolean mariaDb) throws SQLException {
    try (PreparedStatement statement =
        prepare(
            connection,
            HOLDER.formatted(
                seconds(mariaDb),
                "t.trx_id IS NOT NULL AND p.ID <> ? AND p.ID <> CONNECTION_ID() AND " + NOT_WAITING,
                "p.DB <=> ? DESC, t.trx_started, p.ID"))) {
      statement.setInt(1, waiting.id());
      statement.setString(
          2, table == null || table.schema() == null ? waiting.db() : table.schema());
      return holder(statement, true);
    }
  }

  /** Of these sessions, the one whose transaction is oldest. */
  private static Holder holder(Connection connection, boolean mariaDb, List<Integer> ids)
      throws SQLException {
    String in = String.join(", ", Collections.nCopies(ids.size(), "?"));
    try (PreparedStatement statement =
        prepare(
            connection,
            HOLDER.formatted(
                seconds(mariaDb),
                "p.ID IN (" + in + ") AND " + NOT_WAITING,
                "t.trx_started IS NULL, t.trx_started, p.ID"))) {
      for (int i = 0; i < ids.size(); i++) {
        statement.setInt(i + 1, ids.get(i));
      }
      return holder(statement, false);
    }
  }

  private static Holder holder(PreparedStatement statement, boolean guessed) throws SQLException {
    try (ResultSet row = statement.executeQuery()) {
      if (!row.next()) {
        return null;
      }
      return Holder.connection(
          row.getInt("ID"),
          row.getString("USER"),
          row.getString("HOST"),
          MySqlLocks.state(row.getString("COMMAND"), row.getBoolean("in_transaction")),
          duration(row, "seconds"),
          row.getString("query"),
          guessed);
    }
  }

  /** A wait for an InnoDB row (or table) lock; null when there is none or it cannot be seen. */
  private static LockWait rowLockWait(Connection connection, Process waiting, boolean mariaDb)
      throws SQLException {
    try {
      String trx;
      Duration waited;
      try (PreparedStatement statement =
          prepare(
              connection,
              "SELECT trx_id, TIMESTAMPDIFF(MICROSECOND, trx_wait_started, NOW(6)) / 1000000"
                  + " AS seconds FROM information_schema.INNODB_TRX"
                  + " WHERE trx_mysql_thread_id = ? AND trx_state = 'LOCK WAIT'")) {
        statement.setInt(1, waiting.id());
        try (ResultSet row = statement.executeQuery()) {
          if (!row.next()) {
            return null;
          }
          trx = row.getString("trx_id");
          // trx_wait_started is in whole seconds; the waiting statement cannot have waited longer
          // than it has run.
          waited = shorter(duration(row, "seconds"), waiting.time());
        }
      }
      try (PreparedStatement statement =
          prepare(connection, mariaDb ? MARIADB_ROW_LOCK_HOLDER : MYSQL_ROW_LOCK_HOLDER)) {
        statement.setString(1, trx);
        try (ResultSet row = statement.executeQuery()) {
          if (!row.next()) {
            return new LockWait(
                MySqlLocks.rowLockName("RECORD", null, waiting.db()), null, waited, null);
          }
          String lockTable = row.getString("lock_table");
          String lockName = row.getString("lock_name");
          Table table =
              lockTable != null
                  ? Table.parse(lockTable)
                  : lockName == null ? null : new Table(row.getString("lock_schema"), lockName);
          String lock = MySqlLocks.rowLockName(row.getString("lock_type"), table, waiting.db());
          String mode = row.getString("lock_mode");
          Holder holder = holder(connection, mariaDb, List.of(row.getInt("holder")));
          return new LockWait(lock, mode, waited, holder);
        }
      }
    } catch (SQLException e) {
      if (ACCESS_DENIED.contains(e.getErrorCode())) {
        return null; // without PROCESS InnoDB's views are closed: only metadata waits show
      }
      throw e;
    }
  }

  private static boolean hasMetadataLockInfo(Connection connection) throws SQLException {
    try (PreparedStatement statement =
            prepare(
                connection,
                "SELECT 1 FROM information_schema.PLUGINS"
                    + " WHERE PLUGIN_NAME = 'METADATA_LOCK_INFO' AND PLUGIN_STATUS = 'ACTIVE'");
        ResultSet row = statement.executeQuery()) {
      return row.next();
    }
  }

  /** MariaDB has the time in milliseconds; MySQL in whole seconds. */
  private static String seconds(boolean mariaDb) {
    return mariaDb ? "p.TIME_MS / 1000" : "p.TIME";
  }

  /** Whether the server behind MariaDB Connector/J is MariaDB rather than MySQL. */
  private static boolean isMariaDb(Connection connection) throws SQLException {
    return "MariaDB".equalsIgnoreCase(connection.getMetaData().getDatabaseProductName());
  }

  private static PreparedStatement prepare(Connection connection, String sql) throws SQLException {
    PreparedStatement statement = connection.prepareStatement(sql);
    statement.setQueryTimeout(QUERY_TIMEOUT_SECONDS);
    return statement;
  }

  private static Duration shorter(Duration a, Duration b) {
    return a == null ? b : b == null || a.compareTo(b) <= 0 ? a : b;
  }

  private static Duration duration(ResultSet row, String column) throws SQLException {
    double seconds = row.getDouble(column);
    return row.wasNull() ? null : Duration.ofMillis(Math.max(0, Math.round(seconds * 1000)));
  }
}
