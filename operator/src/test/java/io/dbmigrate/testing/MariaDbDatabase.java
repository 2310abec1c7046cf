package io.dbmigrate.testing;

/**
 * A fresh MariaDB database per test on the local server (127.0.0.1:3306, root without a password),
 * dropped afterwards. Use as {@code @RegisterExtension final MariaDbDatabase db = new
 * MariaDbDatabase();}, as {@link PostgresDatabase}.
 */
public final class MariaDbDatabase extends TestDatabase {
  public static final String HOST = "127.0.0.1";
  public static final int PORT = 3306;
  public static final String USER = "root";

  /** Creates a new, empty database and makes it this helper's. */
  public MariaDbDatabase create() {
    createDatabase();
    return this;
  }

  @Override
  public String jdbcUrl() {
    return "jdbc:mariadb://" + HOST + ":" + PORT + "/" + name();
  }

  /** The same database as a {@code mariadb://} URL, the form application Secrets often hold. */
  public String mariadbUrl() {
    return "mariadb://" + USER + "@" + HOST + ":" + PORT + "/" + name();
  }

  @Override
  public String username() {
    return USER;
  }

  @Override
  String adminUrl() {
    return "jdbc:mariadb://" + HOST + ":" + PORT + "/";
  }

  @Override
  String dropStatement(String database) {
    return "DROP DATABASE IF EXISTS " + database;
  }

  @Override
  String tableSchema() {
    return "DATABASE()";
  }

  @Override
  String server() {
    return "MariaDB at " + HOST + ":" + PORT;
  }
}
