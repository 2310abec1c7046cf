package io.dbmigrate.db;

import java.io.PrintWriter;
import java.sql.Array;
import java.sql.Blob;
import java.sql.CallableStatement;
import java.sql.Clob;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.NClob;
import java.sql.PreparedStatement;
import java.sql.SQLClientInfoException;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.SQLWarning;
import java.sql.SQLXML;
import java.sql.Savepoint;
import java.sql.Statement;
import java.sql.Struct;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Executor;
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
    this.lent = new LentConnection(held);
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

  /**
   * The lent connection: {@code close()} gives it back, everything else goes to the held one. A
   * class of its own rather than a {@code java.lang.reflect.Proxy}: a Job starts from the image's
   * AOT cache, which cannot hold a dynamic proxy class, so each Job would generate one (~8 ms).
   */
  private final class LentConnection implements Connection {
    private final Connection held;

    LentConnection(Connection held) {
      this.held = held;
    }

    @Override
    public void close() {
      returned();
    }

    @Override
    public <T> T unwrap(Class<T> type) throws SQLException {
      return held.unwrap(type);
    }

    @Override
    public boolean isWrapperFor(Class<?> type) throws SQLException {
      return held.isWrapperFor(type);
    }

    @Override
    public Statement createStatement() throws SQLException {
      return held.createStatement();
    }

    @Override
    public PreparedStatement prepareStatement(String sql) throws SQLException {
      return held.prepareStatement(sql);
    }

    @Override
    public CallableStatement prepareCall(String sql) throws SQLException {
      return held.prepareCall(sql);
    }

    @Override
    public String nativeSQL(String sql) throws SQLException {
      return held.nativeSQL(sql);
    }

    @Override
    public void setAutoCommit(boolean autoCommit) throws SQLException {
      held.setAutoCommit(autoCommit);
    }

    @Override
    public boolean getAutoCommit() throws SQLException {
      return held.getAutoCommit();
    }

    @Override
    public void commit() throws SQLException {
      held.commit();
    }

    @Override
    public void rollback() throws SQLException {
      held.rollback();
    }

    @Override
    public boolean isClosed() throws SQLException {
      return held.isClosed();
    }

    @Override
    public DatabaseMetaData getMetaData() throws SQLException {
      return held.getMetaData();
    }

    @Override
    public void setReadOnly(boolean readOnly) throws SQLException {
      held.setReadOnly(readOnly);
    }

    @Override
    public boolean isReadOnly() throws SQLException {
      return held.isReadOnly();
    }

    @Override
    public void setCatalog(String catalog) throws SQLException {
      held.setCatalog(catalog);
    }

    @Override
    public String getCatalog() throws SQLException {
      return held.getCatalog();
    }

    @Override
    public void setTransactionIsolation(int level) throws SQLException {
      held.setTransactionIsolation(level);
    }

    @Override
    public int getTransactionIsolation() throws SQLException {
      return held.getTransactionIsolation();
    }

    @Override
    public SQLWarning getWarnings() throws SQLException {
      return held.getWarnings();
    }

    @Override
    public void clearWarnings() throws SQLException {
      held.clearWarnings();
    }

    @Override
    public Statement createStatement(int resultSetType, int resultSetConcurrency)
        throws SQLException {
      return held.createStatement(resultSetType, resultSetConcurrency);
    }

    @Override
    public PreparedStatement prepareStatement(
        String sql, int resultSetType, int resultSetConcurrency) throws SQLException {
      return held.prepareStatement(sql, resultSetType, resultSetConcurrency);
    }

    @Override
    public CallableStatement prepareCall(String sql, int resultSetType, int resultSetConcurrency)
        throws SQLException {
      return held.prepareCall(sql, resultSetType, resultSetConcurrency);
    }

    @Override
    public Map<String, Class<?>> getTypeMap() throws SQLException {
      return held.getTypeMap();
    }

    @Override
    public void setTypeMap(Map<String, Class<?>> map) throws SQLException {
      held.setTypeMap(map);
    }

    @Override
    public void setHoldability(int holdability) throws SQLException {
      held.setHoldability(holdability);
    }

    @Override
    public int getHoldability() throws SQLException {
      return held.getHoldability();
    }

    @Override
    public Savepoint setSavepoint() throws SQLException {
      return held.setSavepoint();
    }

    @Override
    public Savepoint setSavepoint(String name) throws SQLException {
      return held.setSavepoint(name);
    }

    @Override
    public void rollback(Savepoint savepoint) throws SQLException {
      held.rollback(savepoint);
    }

    @Override
    public void releaseSavepoint(Savepoint savepoint) throws SQLException {
      held.releaseSavepoint(savepoint);
    }

    @Override
    public Statement createStatement(
        int resultSetType, int resultSetConcurrency, int resultSetHoldability) throws SQLException {
      return held.createStatement(resultSetType, resultSetConcurrency, resultSetHoldability);
    }

    @Override
    public PreparedStatement prepareStatement(
        String sql, int resultSetType, int resultSetConcurrency, int resultSetHoldability)
        throws SQLException {
      return held.prepareStatement(sql, resultSetType, resultSetConcurrency, resultSetHoldability);
    }

    @Override
    public CallableStatement prepareCall(
        String sql, int resultSetType, int resultSetConcurrency, int resultSetHoldability)
        throws SQLException {
      return held.prepareCall(sql, resultSetType, resultSetConcurrency, resultSetHoldability);
    }

    @Override
    public PreparedStatement prepareStatement(String sql, int autoGeneratedKeys)
        throws SQLException {
      return held.prepareStatement(sql, autoGeneratedKeys);
    }

    @Override
    public PreparedStatement prepareStatement(String sql, int[] columnIndexes) throws SQLException {
      return held.prepareStatement(sql, columnIndexes);
    }

    @Override
    public PreparedStatement prepareStatement(String sql, String[] columnNames)
        throws SQLException {
      return held.prepareStatement(sql, columnNames);
    }

    @Override
    public Clob createClob() throws SQLException {
      return held.createClob();
    }

    @Override
    public Blob createBlob() throws SQLException {
      return held.createBlob();
    }

    @Override
    public NClob createNClob() throws SQLException {
      return held.createNClob();
    }

    @Override
    public SQLXML createSQLXML() throws SQLException {
      return held.createSQLXML();
    }

    @Override
    public boolean isValid(int timeout) throws SQLException {
      return held.isValid(timeout);
    }

    @Override
    public void setClientInfo(String name, String value) throws SQLClientInfoException {
      held.setClientInfo(name, value);
    }

    @Override
    public void setClientInfo(Properties properties) throws SQLClientInfoException {
      held.setClientInfo(properties);
    }

    @Override
    public String getClientInfo(String name) throws SQLException {
      return held.getClientInfo(name);
    }

    @Override
    public Properties getClientInfo() throws SQLException {
      return held.getClientInfo();
    }

    @Override
    public Array createArrayOf(String typeName, Object[] elements) throws SQLException {
      return held.createArrayOf(typeName, elements);
    }

    @Override
    public Struct createStruct(String typeName, Object[] attributes) throws SQLException {
      return held.createStruct(typeName, attributes);
    }

    @Override
    public void setSchema(String schema) throws SQLException {
      held.setSchema(schema);
    }

    @Override
    public String getSchema() throws SQLException {
      return held.getSchema();
    }

    @Override
    public void abort(Executor executor) throws SQLException {
      held.abort(executor);
    }

    @Override
    public void setNetworkTimeout(Executor executor, int milliseconds) throws SQLException {
      held.setNetworkTimeout(executor, milliseconds);
    }

    @Override
    public int getNetworkTimeout() throws SQLException {
      return held.getNetworkTimeout();
    }
  }
}
