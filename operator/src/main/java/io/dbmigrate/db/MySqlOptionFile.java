package io.dbmigrate.db;

import java.util.Optional;

/**
 * The connection settings as a MySQL/MariaDB client option file, for their own tools such as {@code
 * mariadb-dump}: a {@code [client]} section with host, port, user and password. A file, not the
 * command line, which every user of the machine can read ({@code ps}); not {@code MYSQL_PWD}
 * either, which MySQL 8 deprecates. The tools take it as {@code --defaults-extra-file}.
 */
final class MySqlOptionFile {
  private MySqlOptionFile() {}

  /**
   * Host, port and database of a {@code jdbc:mariadb://} URL as {@link ConnectionSettings} hold it.
   */
  record Target(String host, int port, String database) {}

  static Target target(ConnectionSettings settings) {
    String url = settings.jdbcUrl();
    String prefix = DatabaseEngine.MARIADB.driverPrefix();
    // The tools connect to one server: of a failover list, the first, as the driver tries first.
    JdbcUrlTarget.HostPort address =
        (url != null && url.regionMatches(true, 0, prefix, 0, prefix.length())
                ? JdbcUrlTarget.firstHost(url)
                : Optional.<JdbcUrlTarget.HostPort>empty())
            .orElseThrow(
                () ->
                    new IllegalArgumentException(
                        "not a MariaDB/MySQL JDBC URL: " + Redactor.process().redact(url)));
    String target = JdbcUrlTarget.of(url);
    String database =
        DatabaseUrl.percentDecode(target.substring(target.indexOf('/') + 1), "database");
    return new Target(address.host(), address.port(), database);
  }

  /** The file's text; contains the password: never print it. */
  static String of(ConnectionSettings settings) {
    Target target = target(settings);
    StringBuilder text = new StringBuilder("[client]\n");
    text.append("host=").append(quote(target.host())).append('\n');
    text.append("port=").append(target.port()).append('\n');
    // TCP, as the driver connects: for host "localhost" the tools would take the Unix socket.
    text.append("protocol=TCP\n");
    if (settings.username() != null && !settings.username().isBlank()) {
      text.append("user=").append(quote(settings.username())).append('\n');
    }
    if (settings.password() != null && !settings.password().isEmpty()) {
      text.append("password=").append(quote(settings.password())).append('\n');
    }
    return text.toString();
  }

  /**
   * A value in double quotes, so that '#' (a comment), ';', '\'' and leading or trailing spaces
   * stay part of it; inside, the tools read backslash escapes, so '\\' and '"' and line breaks are
   * escaped.
   */
  static String quote(String value) {
    StringBuilder quoted = new StringBuilder("\"");
    for (char c : value.toCharArray()) {
      switch (c) {
        case '\\' -> quoted.append("\\\\");
        case '"' -> quoted.append("\\\"");
        case '\n' -> quoted.append("\\n");
        case '\r' -> quoted.append("\\r");
        case '\t' -> quoted.append("\\t");
        case '\b' -> quoted.append("\\b");
        default -> quoted.append(c);
      }
    }
    return quoted.append('"').toString();
  }
}
