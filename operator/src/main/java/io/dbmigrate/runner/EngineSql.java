package io.dbmigrate.runner;

import io.dbmigrate.config.LockPolicy;
import io.dbmigrate.db.DatabaseEngine;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * The SQL the runner writes itself, per engine: identifier quoting, the current schema, the seed
 * history's table and upsert, the lock that serializes seeders, and what marks a lock timeout.
 * PostgreSQL's text is what the runner always used; MySQL and MariaDB get their equivalents.
 */
final class EngineSql {
  /** PostgreSQL's lock_not_available: what lock_timeout raises. */
  static final String LOCK_NOT_AVAILABLE = "55P03";

  /** MySQL/MariaDB ER_LOCK_WAIT_TIMEOUT, for row locks and metadata locks alike. */
  static final int MYSQL_LOCK_WAIT_TIMEOUT = 1205;

  /** Serializes concurrent seeders on one database; an arbitrary constant ("dbmseed"). */
  private static final long ADVISORY_LOCK = 0x64626d73656564L;

  /** A year: MySQL's GET_LOCK takes seconds and may wait as long as pg_advisory_lock does. */
  private static final int NAMED_LOCK_WAIT_SECONDS = 31_536_000;

  private final DatabaseEngine engine;

  EngineSql(DatabaseEngine engine) {
    this.engine = engine;
  }

  DatabaseEngine engine() {
    return engine;
  }

  String quote(String identifier) {
    return engine.isMySqlFamily()
        ? '`' + identifier.replace("`", "``") + '`'
        : '"' + identifier.replace("\"", "\"\"") + '"';
  }

  /** The schema unqualified names land in; on MySQL/MariaDB the database the URL names. */
  String currentSchemaQuery() {
    return engine.isMySqlFamily() ? "SELECT DATABASE()" : "SELECT current_schema()";
  }

  /** Where the current schema comes from, for the message when there is none. */
  String currentSchemaSource() {
    return engine.isMySqlFamily()
        ? "the database URL names no database"
        : "the connection's search_path names no existing schema";
  }

  String createSeedHistory(String table) {
    return engine.isMySqlFamily()
        ? "CREATE TABLE IF NOT EXISTS "
            + table
            + " (seed varchar(255) NOT NULL, file varchar(255) NOT NULL,"
            + " checksum varchar(128) NOT NULL, environment varchar(255) NOT NULL,"
            + " applied_at timestamp(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),"
            + " duration_ms bigint NOT NULL, PRIMARY KEY (seed, file))"
        : "CREATE TABLE IF NOT EXISTS "
            + table
            + " ("
            + "seed text NOT NULL, "
            + "file text NOT NULL, "
            + "checksum text NOT NULL, "
            + "environment text NOT NULL, "
            + "applied_at timestamptz NOT NULL DEFAULT now(), "
            + "duration_ms bigint NOT NULL, "
            + "PRIMARY KEY (seed, file))";
  }

  /** Parameters: seed, file, checksum, environment, duration_ms. */
  String recordSeedFile(String table) {
    return engine.isMySqlFamily()
        ? "INSERT INTO "
            + table
            + " (seed, file, checksum, environment, applied_at, duration_ms)"
            + " VALUES (?, ?, ?, ?, CURRENT_TIMESTAMP(3), ?)"
            + " ON DUPLICATE KEY UPDATE checksum = VALUES(checksum),"
            + " environment = VALUES(environment), applied_at = VALUES(applied_at),"
            + " duration_ms = VALUES(duration_ms)"
        : "INSERT INTO "
            + table
            + " (seed, file, checksum, environment, applied_at, duration_ms)"
            + " VALUES (?, ?, ?, ?, now(), ?)"
            + " ON CONFLICT (seed, file) DO UPDATE SET checksum = EXCLUDED.checksum,"
            + " environment = EXCLUDED.environment, applied_at = EXCLUDED.applied_at,"
            + " duration_ms = EXCLUDED.duration_ms";
  }

  /**
   * Takes or releases the seeders' lock, held by the session. MySQL's named locks are server-wide,
   * so the name carries the database.
   */
  String seedLock(boolean take) {
    if (engine.isMySqlFamily()) {
      return take
          ? "SELECT GET_LOCK(CONCAT('dbmigrate_seed:', DATABASE()), "
              + NAMED_LOCK_WAIT_SECONDS
              + ")"
          : "SELECT RELEASE_LOCK(CONCAT('dbmigrate_seed:', DATABASE()))";
    }
    return "SELECT "
        + (take ? "pg_advisory_lock" : "pg_advisory_unlock")
        + "("
        + ADVISORY_LOCK
        + ")";
  }

  /** Whether the database gave up waiting for a lock: lock_timeout, or lock_wait_timeout. */
  static boolean isLockTimeout(SQLException failure) {
    return LOCK_NOT_AVAILABLE.equals(failure.getSQLState())
        || (failure.getErrorCode() == MYSQL_LOCK_WAIT_TIMEOUT
            && ("HY000".equals(failure.getSQLState()) || "40001".equals(failure.getSQLState())));
  }

  /**
   * The session settings for MySQL/MariaDB, in seconds: lock_wait_timeout (metadata locks, what DDL
   * waits for) and innodb_lock_wait_timeout (row locks), at least 1 s; 0 leaves the server's. The
   * statement timeout is MariaDB's max_statement_time, which covers every statement; MySQL's
   * max_execution_time covers SELECT only, so on MySQL there is none and the log says so.
   *
   * @return the SET statement, or null when nothing is to be set
   */
  static String mySqlSessionSettings(LockPolicy policy, boolean mariaDb) {
    StringBuilder set = new StringBuilder();
    long lockMillis = policy.lockTimeoutMillis();
    if (lockMillis > 0) {
      long seconds = Math.max(1, (lockMillis + 999) / 1000);
      set.append("lock_wait_timeout = ")
          .append(seconds)
          .append(", innodb_lock_wait_timeout = ")
          .append(seconds);
    }
    if (mariaDb) {
      set.append(set.length() == 0 ? "" : ", ")
          .append("max_statement_time = ")
          .append(policy.statementTimeoutMillis() / 1000.0);
    }
    return set.length() == 0 ? null : "SET SESSION " + set;
  }

  /** Whether the server behind a MariaDB Connector/J connection is MariaDB rather than MySQL. */
  static boolean isMariaDbServer(Connection connection) throws SQLException {
    return "MariaDB".equalsIgnoreCase(connection.getMetaData().getDatabaseProductName());
  }
}
