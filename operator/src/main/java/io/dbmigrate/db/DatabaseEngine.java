package io.dbmigrate.db;

import java.util.List;
import java.util.Properties;

/**
 * What differs per database engine at the connection level: the URL schemes a team writes, the
 * default port, the JDBC URL and properties the driver gets, the dump tool for backups. (The health
 * probe's {@code SELECT 1} needs no engine of its own.) MySQL and MariaDB are both served by
 * MariaDB Connector/J (LGPL-2.1; MySQL's own driver is GPL): it reads only {@code jdbc:mariadb:}
 * URLs unless told otherwise, so a MySQL URL reaches it rewritten to that scheme. The rewrite,
 * rather than the driver's {@code permitMysqlScheme}, keeps a MySQL Connector/J that someone adds
 * to the image from taking the URL over.
 */
public enum DatabaseEngine {
  POSTGRESQL(
      "PostgreSQL", 5432, "jdbc:postgresql:", "jdbc:postgresql:", "postgresql://", "postgres://"),
  MYSQL("MySQL", 3306, "jdbc:mysql:", "jdbc:mariadb:", "mysql://"),
  MARIADB("MariaDB", 3306, "jdbc:mariadb:", "jdbc:mariadb:", "mariadb://");

  private final String displayName;
  private final int defaultPort;
  private final String jdbcPrefix;
  private final String driverPrefix;
  private final List<String> urlSchemes;

  DatabaseEngine(
      String displayName,
      int defaultPort,
      String jdbcPrefix,
      String driverPrefix,
      String... urlSchemes) {
    this.displayName = displayName;
    this.defaultPort = defaultPort;
    this.jdbcPrefix = jdbcPrefix;
    this.driverPrefix = driverPrefix;
    this.urlSchemes = List.of(urlSchemes);
  }

  public String displayName() {
    return displayName;
  }

  /** MySQL and MariaDB: the engines whose DDL commits implicitly and that share a driver. */
  public boolean isMySqlFamily() {
    return this != POSTGRESQL;
  }

  /** The engine's own dump program for a backup, and how to call it. */
  public DumpTool dumpTool() {
    return this == POSTGRESQL ? PgDumpTool.INSTANCE : MariaDbDumpTool.INSTANCE;
  }

  int defaultPort() {
    return defaultPort;
  }

  /** The JDBC prefix a team writes, {@code jdbc:mysql:} say. */
  String jdbcPrefix() {
    return jdbcPrefix;
  }

  /** The JDBC prefix the driver reads. */
  String driverPrefix() {
    return driverPrefix;
  }

  /** The URL schemes of libpq, Prisma and the like: {@code mysql://}, {@code postgres://}. */
  List<String> urlSchemes() {
    return urlSchemes;
  }

  /** The engine whose driver reads this JDBC URL, as {@link ConnectionSettings} hold it. */
  static DatabaseEngine ofDriverUrl(String jdbcUrl) {
    return jdbcUrl != null && jdbcUrl.regionMatches(true, 0, "jdbc:mariadb:", 0, 13)
        ? MARIADB
        : POSTGRESQL;
  }

  /**
   * Driver properties beside user and password; a value written in the URL wins.
   *
   * @param program who connects, as the server's session list shows it
   * @param connectTimeoutSeconds how long opening the TCP connection may take
   * @param loginTimeoutSeconds how long connecting, handshake included, may take
   * @param socketTimeoutSeconds how long a query may go unanswered; 0 for no limit
   */
  Properties driverProperties(
      String program,
      int connectTimeoutSeconds,
      int loginTimeoutSeconds,
      int socketTimeoutSeconds) {
    Properties properties = new Properties();
    if (this == POSTGRESQL) {
      properties.setProperty("connectTimeout", Integer.toString(connectTimeoutSeconds));
      properties.setProperty("loginTimeout", Integer.toString(loginTimeoutSeconds));
      if (socketTimeoutSeconds > 0) {
        properties.setProperty("socketTimeout", Integer.toString(socketTimeoutSeconds));
      }
      properties.setProperty("ApplicationName", program);
    } else {
      // Connector/J counts in milliseconds, and its connectTimeout bounds the handshake as well.
      properties.setProperty("connectTimeout", Integer.toString(loginTimeoutSeconds * 1000));
      if (socketTimeoutSeconds > 0) {
        properties.setProperty("socketTimeout", Integer.toString(socketTimeoutSeconds * 1000));
      }
      properties.setProperty("connectionAttributes", "program_name:" + program);
    }
    return properties;
  }
}
