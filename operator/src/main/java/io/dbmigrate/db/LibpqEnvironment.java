package io.dbmigrate.db;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The connection settings as libpq environment variables ({@code PGHOST}, {@code PGPASSWORD}, …)
 * for PostgreSQL's own tools such as {@code pg_dump}. The environment, not the command line: a
 * process's arguments are visible to every user of the machine ({@code ps}), its environment is
 * not.
 */
public final class LibpqEnvironment {
  private static final String PREFIX = "jdbc:postgresql:";

  /** pgjdbc URL parameters that libpq understands under another name. */
  private static final Map<String, String> PARAMETERS =
      Map.of(
          "sslmode", "PGSSLMODE",
          "sslrootcert", "PGSSLROOTCERT",
          "sslcert", "PGSSLCERT",
          "sslkey", "PGSSLKEY");

  private LibpqEnvironment() {}

  /** Variables to add to the tool's environment; contains the password: never print it. */
  public static Map<String, String> of(ConnectionSettings settings) {
    String url = settings.jdbcUrl();
    if (url == null || !url.regionMatches(true, 0, PREFIX, 0, PREFIX.length())) {
      throw new IllegalArgumentException(
          "not a PostgreSQL JDBC URL: " + Redactor.process().redact(url));
    }
    String rest = url.substring(PREFIX.length());
    String query = "";
    int question = rest.indexOf('?');
    if (question >= 0) {
      query = rest.substring(question + 1);
      rest = rest.substring(0, question);
    }
    Map<String, String> environment = new LinkedHashMap<>();
    if (rest.startsWith("//")) {
      rest = rest.substring(2);
      int slash = rest.indexOf('/');
      hosts(slash < 0 ? rest : rest.substring(0, slash), environment);
      environment.put(
          "PGDATABASE",
          DatabaseUrl.percentDecode(slash < 0 ? "" : rest.substring(slash + 1), "database"));
    } else {
      environment.put("PGHOST", "localhost");
      environment.put("PGPORT", "5432");
      environment.put("PGDATABASE", DatabaseUrl.percentDecode(rest, "database"));
    }
    for (String pair : query.split("&")) {
      int equals = pair.indexOf('=');
      if (equals > 0 && PARAMETERS.containsKey(pair.substring(0, equals))) {
        environment.put(
            PARAMETERS.get(pair.substring(0, equals)),
            DatabaseUrl.percentDecode(pair.substring(equals + 1), "parameter"));
      }
    }
    if (settings.username() != null && !settings.username().isBlank()) {
      environment.put("PGUSER", settings.username());
    }
    if (settings.password() != null && !settings.password().isEmpty()) {
      environment.put("PGPASSWORD", settings.password());
    }
    environment.put(
        "PGCONNECT_TIMEOUT", Integer.toString(SimpleDataSource.CONNECT_TIMEOUT_SECONDS));
    environment.put("PGAPPNAME", "dbmigrate");
    return environment;
  }

  /** libpq takes comma-separated lists of hosts and of ports, matched by position. */
  private static void hosts(String authority, Map<String, String> environment) {
    StringBuilder hosts = new StringBuilder();
    StringBuilder ports = new StringBuilder();
    for (String host : (authority.isEmpty() ? "localhost" : authority).split(",")) {
      int portColon = host.startsWith("[") ? host.indexOf("]:") + 1 : host.lastIndexOf(':');
      String name = portColon > 0 ? host.substring(0, portColon) : host;
      String port = portColon > 0 ? host.substring(portColon + 1) : "5432";
      if (name.startsWith("[") && name.endsWith("]")) {
        name = name.substring(1, name.length() - 1);
      }
      hosts.append(hosts.length() == 0 ? "" : ",").append(name);
      ports.append(ports.length() == 0 ? "" : ",").append(port);
    }
    environment.put("PGHOST", hosts.toString());
    environment.put("PGPORT", ports.toString());
  }
}
