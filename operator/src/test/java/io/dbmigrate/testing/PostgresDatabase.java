package io.dbmigrate.testing;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * A fresh PostgreSQL database per test on the local server (127.0.0.1:5432, trust auth), dropped
 * afterwards. Use as {@code @RegisterExtension final PostgresDatabase db = new PostgresDatabase();}
 * or, outside JUnit's lifecycle, with {@link #create()} and {@link #close()}.
 */
public final class PostgresDatabase extends TestDatabase {
  public static final String HOST = "127.0.0.1";
  public static final int PORT = 5432;
  public static final String USER = "postgres";
  private static final String ADMIN_URL = "jdbc:postgresql://" + HOST + ":" + PORT + "/postgres";

  /** Creates a new, empty database and makes it this helper's. */
  public PostgresDatabase create() {
    createDatabase();
    return this;
  }

  @Override
  public String jdbcUrl() {
    return "jdbc:postgresql://" + HOST + ":" + PORT + "/" + name();
  }

  /** The same database as a libpq/Prisma URL, the form application Secrets usually hold. */
  public String postgresUrl() {
    return "postgresql://" + USER + "@" + HOST + ":" + PORT + "/" + name();
  }

  @Override
  public String username() {
    return USER;
  }

  @Override
  String adminUrl() {
    return ADMIN_URL;
  }

  @Override
  String dropStatement(String database) {
    return "DROP DATABASE IF EXISTS " + database + " WITH (FORCE)";
  }

  @Override
  String tableSchema() {
    return "'public'";
  }

  @Override
  String server() {
    return "PostgreSQL at " + HOST + ":" + PORT;
  }

  /** Runs a statement on the server's {@code postgres} database (renames, pg_terminate_backend). */
  public static void adminExecute(String sql) {
    new PostgresDatabase().admin(sql);
  }

  /**
   * The first column of a query on the server's {@code postgres} database (pg_stat_activity), as
   * text.
   */
  public static List<String> adminColumn(String sql) {
    PostgresDatabase server = new PostgresDatabase();
    try (Connection connection = DriverManager.getConnection(ADMIN_URL, server.user());
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
}
