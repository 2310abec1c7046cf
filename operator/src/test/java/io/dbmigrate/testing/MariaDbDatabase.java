package io.dbmigrate.testing;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A fresh MariaDB database per test on the local server (127.0.0.1:3306, root without a password),
 * dropped afterwards. Use as {@code @RegisterExtension final MariaDbDatabase db = new
 * MariaDbDatabase();}, mirroring {@link PostgresDatabase}.
 */
public final class MariaDbDatabase implements BeforeEachCallback, AfterEachCallback, AutoCloseable {
  public static final String HOST = "127.0.0.1";
  public static final int PORT = 3306;
  public static final String USER = "root";
  private static final String ADMIN_URL = "jdbc:mariadb://" + HOST + ":" + PORT + "/";

  private String name;

  @Override
  public void beforeEach(ExtensionContext context) {
    create();
  }

  @Override
  public void afterEach(ExtensionContext context) {
    close();
  }

  /** Creates a new, empty database and makes it this helper's. */
  public MariaDbDatabase create() {
    name = "dbm_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
    admin("CREATE DATABASE " + name);
    return this;
  }

  @Override
  public void close() {
    if (name != null) {
      admin("DROP DATABASE IF EXISTS " + name);
      name = null;
    }
  }

  public String name() {
    requireCreated();
    return name;
  }

  public String jdbcUrl() {
    return "jdbc:mariadb://" + HOST + ":" + PORT + "/" + name();
  }

  /** The same database as a {@code mariadb://} URL, the form application Secrets often hold. */
  public String mariadbUrl() {
    return "mariadb://" + USER + "@" + HOST + ":" + PORT + "/" + name();
  }

  public String username() {
    return USER;
  }

  public Connection connect() throws SQLException {
    Properties properties = new Properties();
    properties.setProperty("user", USER);
    return DriverManager.getConnection(jdbcUrl(), properties);
  }

  /** Runs statements (DDL, DML) in this database. */
  public void execute(String sql) {
    try (Connection connection = connect();
        Statement statement = connection.createStatement()) {
      statement.execute(sql);
    } catch (SQLException e) {
      throw new IllegalStateException("cannot execute " + sql + ": " + e.getMessage(), e);
    }
  }

  /** Rows as column-name → value maps, in the order the query returns them. */
  public List<Map<String, Object>> query(String sql) {
    try (Connection connection = connect();
        Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery(sql)) {
      ResultSetMetaData columns = rows.getMetaData();
      List<Map<String, Object>> result = new ArrayList<>();
      while (rows.next()) {
        Map<String, Object> row = new LinkedHashMap<>();
        for (int i = 1; i <= columns.getColumnCount(); i++) {
          row.put(columns.getColumnLabel(i), rows.getObject(i));
        }
        result.add(row);
      }
      return result;
    } catch (SQLException e) {
      throw new IllegalStateException("cannot query " + sql + ": " + e.getMessage(), e);
    }
  }

  /** The first column of every row, as text. */
  public List<String> column(String sql) {
    return query(sql).stream()
        .map(row -> row.values().iterator().next())
        .map(value -> value == null ? null : value.toString())
        .toList();
  }

  public boolean tableExists(String table) {
    return !query(
            "SELECT 1 FROM information_schema.tables WHERE table_schema = DATABASE()"
                + " AND table_name = '"
                + table.replace("'", "''")
                + "'")
        .isEmpty();
  }

  private void requireCreated() {
    if (name == null) {
      throw new IllegalStateException("no database: register the extension or call create()");
    }
  }

  private static void admin(String sql) {
    Properties properties = new Properties();
    properties.setProperty("user", USER);
    try (Connection connection = DriverManager.getConnection(ADMIN_URL, properties);
        Statement statement = connection.createStatement()) {
      statement.execute(sql);
    } catch (SQLException e) {
      throw new IllegalStateException(
          "MariaDB at " + HOST + ":" + PORT + " is needed for this test: " + e.getMessage(), e);
    }
  }
}
