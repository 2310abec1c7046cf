package io.dbmigrate.health;

import io.dbmigrate.db.ConnectionFailures;
import io.dbmigrate.db.ConnectionSettings;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.sql.Statement;
import java.time.Duration;
import javax.sql.DataSource;

/** Runs {@code SELECT 1} on a pooled connection and times it. */
public final class DatabaseProbe {

  public DatabaseCheck check(DataSource pool, ConnectionSettings settings, Duration timeout) {
    long started = System.nanoTime();
    Connection connection;
    try {
      connection = pool.getConnection();
    } catch (SQLException e) {
      return new DatabaseCheck(
          false, millisSince(started), ConnectionFailures.explain(reason(e), settings));
    } catch (RuntimeException e) {
      return new DatabaseCheck(false, millisSince(started), "probe failed: " + e);
    }
    try (connection;
        Statement statement = connection.createStatement()) {
      // The timeout is the socket's read timeout, not setQueryTimeout: pgjdbc arms and cancels a
      // timer task around every statement for that, which doubled the probe's cost; a socket
      // option is one system call, and unlike a server-side statement_timeout it also works
      // through PgBouncer. The pool restores the connection's own timeout when it is returned.
      connection.setNetworkTimeout(
          Runnable::run, (int) Math.min(Integer.MAX_VALUE, timeout.toMillis()));
      statement.execute("SELECT 1");
      return new DatabaseCheck(true, millisSince(started), null);
    } catch (SQLException e) {
      return new DatabaseCheck(
          false, millisSince(started), ConnectionFailures.explainInUse(e, settings));
    } catch (RuntimeException e) {
      // Unexpected, but a probe must report, not die; still without the password.
      return new DatabaseCheck(false, millisSince(started), "probe failed: " + e);
    }
  }

  /**
   * A pool timeout carries the last connection failure (refused, unknown host, wrong password) as
   * its cause: that is the reason worth showing, not "connection is not available".
   */
  private static SQLException reason(SQLException failure) {
    if (failure instanceof SQLTransientConnectionException
        && failure.getCause() instanceof SQLException cause) {
      return cause;
    }
    return failure;
  }

  /** Milliseconds with two decimals: sub-millisecond latencies are the normal case. */
  private static double millisSince(long started) {
    return Math.round((System.nanoTime() - started) / 10_000.0) / 100.0;
  }
}
