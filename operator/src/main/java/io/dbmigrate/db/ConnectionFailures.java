package io.dbmigrate.db;

import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.sql.SQLException;
import java.util.Optional;

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

  /**
   * A one-line, redacted explanation naming host, port, database and user, never the password, of a
   * failure to open a connection. When the driver only timed out or failed its handshake, the
   * server's first bytes may tell that it is of the other engine (at most a few seconds more).
   */
  public static String explain(SQLException failure, ConnectionSettings settings) {
    return explain(failure, settings, true);
  }

  /**
   * As {@link #explain(SQLException, ConnectionSettings)}, for a connection that was open and broke
   * in use: the server it reached spoke its protocol, and a look at it would only add to a timeout.
   */
  public static String explainInUse(SQLException failure, ConnectionSettings settings) {
    return explain(failure, settings, false);
  }

  private static String explain(
      SQLException failure, ConnectionSettings settings, boolean connecting) {
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
    } else {
      message =
          (!connecting || noServerThere(failure) ? Optional.<String>empty() : otherServer(settings))
              .or(
                  () ->
                      Optional.of(
                          state.startsWith("08") || hasNetworkCause(failure)
                              ? "cannot reach the database at "
                                  + where
                                  + ": "
                                  + rootCauseSummary(failure)
                              : "cannot connect to the database at "
                                  + where
                                  + ": "
                                  + firstLine(failure.getMessage())))
              .orElseThrow();
    }
    return message;
  }

  /**
   * A driver that cannot talk to the server only times out or fails its handshake; when the server
   * is of the other family (a MariaDB URL at PostgreSQL's port, say), that is what to say.
   */
  private static Optional<String> otherServer(ConnectionSettings settings) {
    return JdbcUrlTarget.firstHost(settings.jdbcUrl())
        .flatMap(
            address ->
                ServerGreeting.identify(address.host(), address.port())
                    .filter(
                        server -> server.equals("PostgreSQL") == settings.engine().isMySqlFamily())
                    .map(
                        server ->
                            "the server at "
                                + address
                                + " is "
                                + server
                                + ", not "
                                + settings.engine().displayName()
                                + ": the database URL's scheme or port is wrong ("
                                + settings.describe()
                                + ")"));
  }

  /** Nothing answered at all: no server to look at, and looking again would only wait again. */
  private static boolean noServerThere(Throwable failure) {
    for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
      if (cause instanceof ConnectException
          || cause instanceof UnknownHostException
          || cause instanceof NoRouteToHostException
          || (cause instanceof SocketTimeoutException
              && String.valueOf(cause.getMessage()).toLowerCase().contains("connect timed out"))) {
        return true;
      }
    }
    return false;
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
