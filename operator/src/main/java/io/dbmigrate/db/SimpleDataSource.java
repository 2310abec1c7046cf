package io.dbmigrate.db;

import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.Properties;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * A {@link DataSource} that opens a fresh connection per call. Enough for the migration Job, which
 * uses one connection at a time for a few seconds; pooled access is the health prober's.
 */
public final class SimpleDataSource implements DataSource {
  /** Seconds; an unreachable host fails the run quickly instead of hanging the Job. */
  static final int CONNECT_TIMEOUT_SECONDS = 10;

  private final ConnectionSettings settings;
  private volatile int loginTimeoutSeconds = CONNECT_TIMEOUT_SECONDS;

  public SimpleDataSource(ConnectionSettings settings) {
    this.settings = settings;
  }

  @Override
  public Connection getConnection() throws SQLException {
    return DriverManager.getConnection(
        settings.jdbcUrl(), properties(settings.username(), settings.password()));
  }

  @Override
  public Connection getConnection(String username, String password) throws SQLException {
    return DriverManager.getConnection(settings.jdbcUrl(), properties(username, password));
  }

  private Properties properties(String username, String password) {
    // Only defaults: a connectTimeout written in the URL wins. The login timeout keeps a server or
    // proxy that accepts and then never answers the handshake from hanging the Job.
    Properties properties =
        settings
            .engine()
            .driverProperties("dbmigrate", loginTimeoutSeconds, loginTimeoutSeconds * 3, 0);
    if (username != null) {
      properties.setProperty("user", username);
    }
    if (password != null) {
      properties.setProperty("password", password);
    }
    return properties;
  }

  @Override
  public PrintWriter getLogWriter() {
    return null;
  }

  @Override
  public void setLogWriter(PrintWriter out) {
    // Logging goes through SLF4J.
  }

  @Override
  public void setLoginTimeout(int seconds) {
    loginTimeoutSeconds = seconds > 0 ? seconds : CONNECT_TIMEOUT_SECONDS;
  }

  @Override
  public int getLoginTimeout() {
    return loginTimeoutSeconds;
  }

  @Override
  public Logger getParentLogger() throws SQLFeatureNotSupportedException {
    throw new SQLFeatureNotSupportedException("no java.util.logging parent logger");
  }

  @Override
  public <T> T unwrap(Class<T> type) throws SQLException {
    if (type.isInstance(this)) {
      return type.cast(this);
    }
    throw new SQLException("not a wrapper for " + type.getName());
  }

  @Override
  public boolean isWrapperFor(Class<?> type) {
    return type.isInstance(this);
  }
}
