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
 * A fresh database per test on a local server, dropped afterwards: what {@link PostgresDatabase}
 * and {@link MariaDbDatabase} share. Each says how to reach its server, how to drop a database and
 * which schema its tables are in.
 */
public abstract class TestDatabase implements BeforeEachCallback, AfterEachCallback, AutoCloseable {
  private String name;

  /** The server's JDBC URL for this database. */
  public abstract String jdbcUrl();

  public abstract String username();

  /** A connection to the server, not to this database, for creating and dropping it. */
  abstract String adminUrl();

  abstract String dropStatement(String database);

  /** The SQL expression naming the schema this database's tables are in. */
  abstract String tableSchema();

  /** For the message when the server is not there: "PostgreSQL at 127.0.0.1:5432". */
  abstract String server();

  @Override
  public void beforeEach(ExtensionContext context) {
    createDatabase();
  }

  @Override
  public void afterEach(ExtensionContext context) {
    close();
  }

  /** Creates a new, empty database and makes it this helper's. */
  void createDatabase() {
    name = "dbm_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
    admin("CREATE DATABASE " + name);
  }

  @Override
  public void close() {
    if (name != null) {
      admin(dropStatement(name));
      name = null;
    }
  }

  public String name() {
    if (name == null) {
      throw new IllegalStateException("no database: register the extension or call create()");
    }
    return name;
  }

  public Connection connect() throws SQLException {
    return DriverManager.getConnection(jdbcUrl(), user());
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
            "SELECT 1 FROM information_schema.tables WHERE table_schema = "
                + tableSchema()
                + " AND table_name = '"
                + table.replace("'", "''")
                + "'")
        .isEmpty();
  }

  Properties user() {
    Properties properties = new Properties();
    properties.setProperty("user", username());
    return properties;
  }

  void admin(String sql) {
    try (Connection connection = DriverManager.getConnection(adminUrl(), user());
        Statement statement = connection.createStatement()) {
      statement.execute(sql);
    } catch (SQLException e) {
      throw new IllegalStateException(server() + " is needed for this test: " + e.getMessage(), e);
    }
  }
}
