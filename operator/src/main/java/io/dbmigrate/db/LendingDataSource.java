package io.dbmigrate.db;

import java.io.PrintWriter;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * Lends a connection its owner already holds open to whoever asks first (Flyway), and opens fresh
 * ones from {@code fresh} while it is out. The borrower's {@code close()} hands it back instead of
 * closing it; the owner closes it. Saves the second connection a run would otherwise open right
 * after the first (a few ms of a run with nothing to do).
 *
 * <p>A borrower gets the session as the last one left it: Flyway restores what it changes
 * (auto-commit, the schema); anything else set on it stays, which the owner must allow for.
 */
public final class LendingDataSource implements DataSource {
  private final Connection lent;
  private final DataSource fresh;
  private boolean out;

  /**
   * @param held the open connection to lend; its owner keeps it and closes it
   * @param fresh where connections come from while {@code held} is lent
   */
  public LendingDataSource(Connection held, DataSource fresh) {
    this.fresh = fresh;
    this.lent =
        (Connection)
            Proxy.newProxyInstance(
                Connection.class.getClassLoader(),
                new Class<?>[] {Connection.class},
                new Returning(held));
  }

  @Override
  public synchronized Connection getConnection() throws SQLException {
    if (out) {
      return fresh.getConnection();
    }
    out = true;
    return lent;
  }

  private synchronized void returned() {
    out = false;
  }

  @Override
  public Connection getConnection(String username, String password) throws SQLException {
    return fresh.getConnection(username, password);
  }

  @Override
  public PrintWriter getLogWriter() throws SQLException {
    return fresh.getLogWriter();
  }

  @Override
  public void setLogWriter(PrintWriter out) throws SQLException {
    fresh.setLogWriter(out);
  }

  @Override
  public void setLoginTimeout(int seconds) throws SQLException {
    fresh.setLoginTimeout(seconds);
  }

  @Override
  public int getLoginTimeout() throws SQLException {
    return fresh.getLoginTimeout();
  }

  @Override
  public Logger getParentLogger() throws SQLFeatureNotSupportedException {
    return fresh.getParentLogger();
  }

  @Override
  public <T> T unwrap(Class<T> type) throws SQLException {
    if (type.isInstance(this)) {
      return type.cast(this);
    }
    return fresh.unwrap(type);
  }

  @Override
  public boolean isWrapperFor(Class<?> type) throws SQLException {
    return type.isInstance(this) || fresh.isWrapperFor(type);
  }

  /** The lent connection: close() returns it, everything else goes to the real one. */
  private final class Returning implements InvocationHandler {
    private final Connection held;

    Returning(Connection held) {
      this.held = held;
    }

    @Override
    public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
      switch (method.getName()) {
        case "close":
          returned();
          return null;
        case "equals":
          return proxy == args[0];
        case "hashCode":
          return System.identityHashCode(proxy);
        default:
          try {
            return method.invoke(held, args);
          } catch (InvocationTargetException e) {
            throw e.getCause();
          }
      }
    }
  }
}
