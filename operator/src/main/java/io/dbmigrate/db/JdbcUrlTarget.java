package io.dbmigrate.db;

/** Reads {@code hosts/database} out of a pgjdbc URL for messages; never its parameters. */
final class JdbcUrlTarget {
  private static final String PREFIX = "jdbc:postgresql:";

  private JdbcUrlTarget() {}

  static String of(String jdbcUrl) {
    if (jdbcUrl == null || !jdbcUrl.regionMatches(true, 0, PREFIX, 0, PREFIX.length())) {
      return "(unknown database)";
    }
    String rest = jdbcUrl.substring(PREFIX.length());
    int question = rest.indexOf('?');
    if (question >= 0) {
      rest = rest.substring(0, question);
    }
    if (!rest.startsWith("//")) {
      // jdbc:postgresql:database — pgjdbc connects to localhost:5432
      return "localhost:5432/" + rest;
    }
    rest = rest.substring(2);
    int slash = rest.indexOf('/');
    String hosts = slash < 0 ? rest : rest.substring(0, slash);
    String database = slash < 0 ? "" : rest.substring(slash + 1);
    // Strip any user info someone wrote into a JDBC URL by hand.
    int at = hosts.lastIndexOf('@');
    if (at >= 0) {
      hosts = hosts.substring(at + 1);
    }
    return withDefaultPorts(hosts.isEmpty() ? "localhost" : hosts) + "/" + database;
  }

  private static String withDefaultPorts(String hosts) {
    StringBuilder result = new StringBuilder();
    for (String host : hosts.split(",")) {
      if (result.length() > 0) {
        result.append(',');
      }
      boolean hasPort = host.startsWith("[") ? host.contains("]:") : host.contains(":");
      result.append(host).append(hasPort ? "" : ":5432");
    }
    return result.toString();
  }
}
