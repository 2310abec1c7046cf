package io.dbmigrate.db;

import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.sql.SQLException;

/**
 * Explains why a connection could not be opened, in words an application team can act on.
 * Classified by SQLState, and for MySQL/MariaDB by their error numbers, rather than by driver
 * message, which differs per driver and locale.
 */
public final class ConnectionFailures {
  /** MySQL/MariaDB ER_DBACCESS_DENIED_ERROR: the user may not use this database. */
  static final int MYSQL_DATABASE_ACCESS_DENIED = 1044;

  /** MySQL/MariaDB ER_BAD_DB_ERROR: no such database (SQLState 42000, shared with others). */
  static final int MYSQL_UNKNOWN_DATABASE = 1049;

  private ConnectionFailures() {}

  /** A one-line, redacted explanation naming host, port, database and user, never the password. */
  public static String explain(SQLException failure, ConnectionSettings settings) {
    String where = settings.describe();
    String state = failure.getSQLState() == null ? "" : failure.getSQLState();
    String message;
    if (state.equals("28P01") || state.equals("28000")) {
      message =
          "authentication failed for user "
              + quotedUser(settings)
              + " at "
              + where
              + ": check the username and password in the database Secret";
    } else if (settings.engine().isMySqlFamily()
        && failure.getErrorCode() == MYSQL_DATABASE_ACCESS_DENIED) {
      message =
          "access denied for user "
              + quotedUser(settings)
              + " to the database at "
              + where
              + ": grant the user access to it ("
              + firstLine(failure.getMessage())
              + ")";
    } else if (state.equals("3D000")
        || (settings.engine().isMySqlFamily()
            && failure.getErrorCode() == MYSQL_UNKNOWN_DATABASE)) {
      message = "database does not exist: " + where + " (" + firstLine(failure.getMessage()) + ")";
    } else if (state.startsWith("08") || hasNetworkCause(failure)) {
      message = "cannot reach the database at " + where + ": " + rootCauseSummary(failure);
    } else {
      message =
          "cannot connect to the database at " + where + ": " + firstLine(failure.getMessage());
    }
    return message;
  }

  private static String quotedUser(ConnectionSettings settings) {
    return settings.username() == null ? "(driver default)" : "\"" + settings.username() + "\"";
  }

  private static boolean hasNetworkCause(Throwable failure) {
    for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
      if (cause instanceof ConnectException
          || cause instanceof UnknownHostException
          || cause instanceof NoRouteToHostException
          || cause instanceof SocketTimeoutException) {
        return true;
      }
    }
    return false;
  }

  /** "connection refused", "unknown host db.example", … — the network's own reason. */
  private static String rootCauseSummary(Throwable failure) {
    Throwable root = failure;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    if (root instanceof UnknownHostException) {
      return "unknown host " + root.getMessage();
    }
    if (root instanceof SocketTimeoutException) {
      return "timed out";
    }
    String text = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
    return firstLine(text);
  }

  static String firstLine(String text) {
    if (text == null) {
      return "";
    }
    int newline = text.indexOf('\n');
    return (newline < 0 ? text : text.substring(0, newline)).strip();
  }
}
