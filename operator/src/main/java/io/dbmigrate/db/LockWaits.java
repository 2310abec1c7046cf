package io.dbmigrate.db;

import io.dbmigrate.db.SessionActivity.Holder;
import io.dbmigrate.db.SessionActivity.LockWait;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads sessions and the locks they wait for from {@code pg_stat_activity}, {@code pg_locks} and
 * {@code pg_blocking_pids()}. Any user may run it: without {@code pg_read_all_stats} PostgreSQL
 * hides other users' state and query, and the description says so instead of failing.
 */
public final class LockWaits {
  /**
   * One row per session: its first ungranted lock (what it is, in which mode, since when), and of
   * the sessions blocking it the one whose transaction is oldest. {@code waitstart} exists from
   * PostgreSQL 14 on; read through jsonb, it is null before.
   */
  private static final String QUERY =
      """
      SELECT w.pid, w.application_name,
             extract(epoch FROM clock_timestamp() - w.query_start) AS running,
             wl.locktype, wl.mode, wl.relkind, wl.nspname, wl.relname,
             extract(epoch FROM clock_timestamp() - wl.waitstart) AS waited,
             b.pid AS b_pid, b.application_name AS b_application, b.usename AS b_user,
             b.state AS b_state,
             extract(epoch FROM clock_timestamp()
                 - CASE WHEN b.state = 'active' THEN b.query_start ELSE b.state_change END)
                 AS b_state_for,
             left(b.query, 400) AS b_query
        FROM pg_stat_activity w
        LEFT JOIN LATERAL (
          SELECT l.locktype, l.mode, c.relkind::text AS relkind, n.nspname, c.relname,
                 (to_jsonb(l) ->> 'waitstart')::timestamptz AS waitstart
            FROM pg_locks l
            LEFT JOIN pg_class c
              ON l.locktype IN ('relation', 'tuple') AND c.oid = l.relation
             AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())
            LEFT JOIN pg_namespace n ON n.oid = c.relnamespace
           WHERE l.pid = w.pid AND NOT l.granted
           LIMIT 1) wl ON true
        LEFT JOIN LATERAL (
          SELECT * FROM pg_stat_activity b
           WHERE b.pid = ANY (pg_blocking_pids(w.pid))
           ORDER BY b.xact_start NULLS LAST, b.pid
           LIMIT 1) b ON wl.locktype IS NOT NULL
       WHERE %s
      """;

  /** The catalog views answer in milliseconds; a server that does not must not hold anyone up. */
  private static final int QUERY_TIMEOUT_SECONDS = 5;

  private LockWaits() {}

  /** The session with this pid, or null when it has ended. */
  public static SessionActivity ofSession(Connection connection, int pid) throws SQLException {
    try (PreparedStatement statement = connection.prepareStatement(QUERY.formatted("w.pid = ?"))) {
      statement.setQueryTimeout(QUERY_TIMEOUT_SECONDS);
      statement.setInt(1, pid);
      List<SessionActivity> sessions = read(statement);
      return sessions.isEmpty() ? null : sessions.get(0);
    }
  }

  /** The sessions of this database whose application_name starts with {@code prefix}. */
  public static List<SessionActivity> withApplicationPrefix(Connection connection, String prefix)
      throws SQLException {
    try (PreparedStatement statement =
        connection.prepareStatement(
            QUERY.formatted(
                "w.datname = current_database() AND w.application_name LIKE ? ESCAPE '\\'"
                    + " AND w.pid <> pg_backend_pid()"))) {
      statement.setQueryTimeout(QUERY_TIMEOUT_SECONDS);
      statement.setString(1, prefix.replaceAll("([\\\\%_])", "\\\\$1") + "%");
      return read(statement);
    }
  }

  private static List<SessionActivity> read(PreparedStatement statement) throws SQLException {
    List<SessionActivity> sessions = new ArrayList<>();
    try (ResultSet row = statement.executeQuery()) {
      while (row.next()) {
        sessions.add(
            new SessionActivity(
                row.getInt("pid"),
                row.getString("application_name"),
                seconds(row, "running"),
                lockWait(row)));
      }
    }
    return sessions;
  }

  private static LockWait lockWait(ResultSet row) throws SQLException {
    String locktype = row.getString("locktype");
    if (locktype == null) {
      return null;
    }
    Holder holder = null;
    int blocker = row.getInt("b_pid");
    if (!row.wasNull()) {
      holder =
          new Holder(
              blocker,
              row.getString("b_application"),
              row.getString("b_user"),
              row.getString("b_state"),
              seconds(row, "b_state_for"),
              row.getString("b_state") == null ? null : row.getString("b_query"));
    }
    return new LockWait(
        lockName(locktype, row.getString("relkind"), row.getString("nspname"), row),
        row.getString("mode"),
        seconds(row, "waited"),
        holder);
  }

  /** {@code a lock on table orders}, {@code a lock on index app.orders_pkey}, ... */
  private static String lockName(String locktype, String relkind, String schema, ResultSet row)
      throws SQLException {
    String relation = row.getString("relname");
    if (relation != null) {
      String name = schema == null || "public".equals(schema) ? relation : schema + "." + relation;
      String kind =
          switch (relkind == null ? "" : relkind) {
            case "i", "I" -> "index ";
            case "S" -> "sequence ";
            case "v", "m" -> "view ";
            default -> "table ";
          };
      return "a lock on " + ("tuple".equals(locktype) ? "a row of " : "") + kind + name;
    }
    return switch (locktype) {
      case "transactionid" -> "a row lock (another transaction changed the row)";
      case "virtualxid" -> SessionActivity.OLDER_TRANSACTIONS;
      case "advisory" -> "an advisory lock";
      case "object" -> "a lock on a database object (a type, a schema, ...)";
      default -> "a " + locktype + " lock";
    };
  }

  private static Duration seconds(ResultSet row, String column) throws SQLException {
    double seconds = row.getDouble(column);
    return row.wasNull() ? null : Duration.ofMillis(Math.max(0, Math.round(seconds * 1000)));
  }
}
