package io.dbmigrate.db;

import java.util.Optional;

/** Reads {@code hosts/database} out of a driver's URL for messages; never its parameters. */
final class JdbcUrlTarget {
  private JdbcUrlTarget() {}

  static String of(String jdbcUrl) {
    DatabaseEngine engine = DatabaseEngine.ofDriverUrl(jdbcUrl);
    String prefix = engine.driverPrefix();
    if (jdbcUrl == null || !jdbcUrl.regionMatches(true, 0, prefix, 0, prefix.length())) {
      return "(unknown database)";
    }
    String rest = jdbcUrl.substring(prefix.length());
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
    return withDefaultPorts(hosts.isEmpty() ? "localhost" : hosts, engine.defaultPort())
        + "/"
        + database;
  }

  /** The first host and its port, for a look at what listens there; empty when unreadable. */
  static Optional<HostPort> firstHost(String jdbcUrl) {
    String target = of(jdbcUrl);
    int slash = target.indexOf('/');
    String host = (slash < 0 ? target : target.substring(0, slash)).split(",")[0];
    int colon = host.lastIndexOf(':');
    if (colon <= 0 || host.endsWith("]")) {
      return Optional.empty();
    }
    try {
      String name = host.substring(0, colon);
      if (name.startsWith("[") && name.endsWith("]")) {
        name = name.substring(1, name.length() - 1);
      }
      return Optional.of(new HostPort(name, Integer.parseInt(host.substring(colon + 1))));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }

  record HostPort(String host, int port) {
    @Override
    public String toString() {
      return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }
  }

  private static String withDefaultPorts(String hosts, int defaultPort) {
    StringBuilder result = new StringBuilder();
    for (String host : hosts.split(",")) {
      if (result.length() > 0) {
        result.append(',');
      }
      boolean hasPort = host.startsWith("[") ? host.contains("]:") : host.contains(":");
      result.append(host).append(hasPort ? "" : ":" + defaultPort);
    }
    return result.toString();
  }
}
