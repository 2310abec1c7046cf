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
 * A fresh PostgreSQL database per test on the local server (127.0.0.1:5432, trust auth), dropped
 * afterwards. Use as {@code @RegisterExtension final PostgresDatabase db = new PostgresDatabase();}
 * or, outside JUnit's lifecycle, with {@link #create()} and {@link #close()}.
 */
public final class PostgresDatabase
    implements BeforeEachCallback, AfterEachCallback, AutoCloseable {
  public static final String HOST = "127.0.0.1";
  public static final int PORT = 5432;
  public static final String USER = "postgres";
  private static final String ADMIN_URL = "jdbc:postgresql://" + HOST + ":" + PORT + "/postgres";

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
  public PostgresDatabase create() {
    name = "dbm_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
    admin("CREATE DATABASE " + name);
    return this;
  }

  @Override
  public void close() {
    if (name != null) {
      admin("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
      name = null;
    }
  }

  public String name() {
    requireCreated();
    return name;
  }

  public String jdbcUrl() {
    return "jdbc:postgresql://" + HOST + ":" + PORT + "/" + name();
  }

  /** The same database as a libpq/Prisma URL, the form application Secrets usually hold. */
  public String postgresUrl() {
    return "postgresql://" + USER + "@" + HOST + ":" + PORT + "/" + name();
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
            "SELECT 1 FROM information_schema.tables WHERE table_schema = 'public' AND table_name = '"
                + table.replace("'", "''")
                + "'")
        .isEmpty();
  }

  private void requireCreated() {
    if (name == null) {
      throw new IllegalStateException("no database: register the extension or call create()");
    }
  }

  /** Runs a statement on the server's {@code postgres} database (renames, pg_terminate_backend). */
  public static void adminExecute(String sql) {
    admin(sql);
  }

  /**
   * The first column of a query on the server's {@code postgres} database (pg_stat_activity), as
   * text.
   */
  public static List<String> adminColumn(String sql) {
    Properties properties = new Properties();
    properties.setProperty("user", USER);
    try (Connection connection = DriverManager.getConnection(ADMIN_URL, properties);
        Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery(sql)) {
      List<String> values = new ArrayList<>();
      while (rows.next()) {
        values.add(rows.getString(1));
      }
      return values;
    } catch (SQLException e) {
      throw new IllegalStateException("cannot query " + sql + ": " + e.getMessage(), e);
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
          "PostgreSQL at " + HOST + ":" + PORT + " is needed for this test: " + e.getMessage(), e);
    }
  }
}
