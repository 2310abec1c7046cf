package io.dbmigrate.db;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The one reader of database URLs: turns the URL a team already has into the URL its driver reads
 * plus credentials.
 *
 * <p>Accepted for PostgreSQL: JDBC URLs ({@code
 * jdbc:postgresql://[user[:password]@]host[:port]/db?…}, user-info included, which many tools write
 * though pgjdbc itself does not read it) and the libpq/Prisma form ({@code
 * postgres://user:password@host:port/db?…}). For MySQL and MariaDB, alike: {@code jdbc:mysql://…},
 * {@code jdbc:mariadb://…}, {@code mysql://…} and {@code mariadb://…}, all handed to MariaDB
 * Connector/J as {@code jdbc:mariadb://} (see {@link DatabaseEngine}). Credentials found anywhere
 * in the URL are taken out of it and remembered by the {@link Redactor} before anything else can
 * fail, so the URL that travels on into the driver, Flyway, logs and messages never carries a
 * password. A URL whose user info holds an unencoded {@code /}, {@code ?} or {@code #} cannot be
 * split safely; it is refused with the offending character named and the password masked.
 */
final class DatabaseUrl {
  private static final String POSTGRESQL_FORMS =
      "jdbc:postgresql://host:port/database or postgresql://user:password@host:port/database"
          + " (postgres:// also accepted)";
  private static final String MYSQL_FORMS =
      "; for MariaDB/MySQL jdbc:mariadb://host:port/database or"
          + " mariadb://user:password@host:port/database (jdbc:mysql:// and mysql:// also accepted)";

  private static final String JDBC_PREFIX = "jdbc:postgresql:";

  /** Prisma's names for settings that pgjdbc spells differently. */
  private static final Map<String, String> RENAMED_PARAMETERS =
      Map.of(
          "schema", "currentSchema",
          "connect_timeout", "connectTimeout",
          "socket_timeout", "socketTimeout",
          "application_name", "ApplicationName");

  /** Prisma settings for its own pool and proxy handling; pgjdbc has no use for them. */
  private static final Set<String> PRISMA_ONLY_PARAMETERS =
      Set.of("connection_limit", "pool_timeout", "pgbouncer", "statement_cache_size", "sslaccept");

  /** The URL split into what the driver connects to and the credentials it carried. */
  record Parsed(DatabaseEngine engine, String jdbcUrl, String username, String password) {
    @Override
    public String toString() {
      return "Parsed[engine="
          + engine
          + ", jdbcUrl="
          + jdbcUrl
          + ", username="
          + username
          + ", password="
          + Redactor.MASK
          + "]";
    }
  }

  /** A URL split at the first '/', '?' or '#' after its scheme: hosts, then path and query. */
  private record Parts(String scheme, String userInfo, String hosts, String path, String query) {}

  private DatabaseUrl() {}

  /** The forms a message names when a URL is refused. */
  static final String ACCEPTED_FORMS = POSTGRESQL_FORMS + MYSQL_FORMS;

  static Parsed parse(String url) {
    String forms = ACCEPTED_FORMS;
    Parsed parsed = parseForm(url, forms);
    // What the driver cannot read (a port that is no number, say) would fail later, deep in a pool.
    boolean readable =
        parsed.engine() == DatabaseEngine.POSTGRESQL
            ? org.postgresql.Driver.parseURL(parsed.jdbcUrl(), null) != null
            : hasValidPorts(parsed.jdbcUrl());
    if (!readable) {
      throw new IllegalArgumentException(
          "database URL "
              + Redactor.process().redact(parsed.jdbcUrl())
              + " is not valid: check the host, the port (a number) and the parameters; expected "
              + forms);
    }
    return parsed;
  }

  private static Parsed parseForm(String url, String forms) {
    if (url == null || url.isBlank()) {
      throw new IllegalArgumentException("no database URL given; expected " + forms);
    }
    String trimmed = url.strip();
    rememberCredentials(trimmed);
    DatabaseEngine engine = engineOf(trimmed);
    if (engine == null) {
      // Only the scheme is named: the rest of the URL may hold a password.
      throw new IllegalArgumentException(
          "unsupported database URL (scheme " + schemeOf(trimmed) + "); expected " + forms);
    }
    if (engine == DatabaseEngine.POSTGRESQL && startsWithIgnoreCase(trimmed, JDBC_PREFIX)) {
      String rest = trimmed.substring(JDBC_PREFIX.length());
      return rest.startsWith("//")
          ? parseJdbc(
              engine,
              split(trimmed.substring(0, JDBC_PREFIX.length() + 2), rest.substring(2)),
              forms)
          : parseJdbcWithoutHost(rest);
    }
    String jdbcPrefix = engine.jdbcPrefix();
    if (startsWithIgnoreCase(trimmed, jdbcPrefix)) {
      String rest = trimmed.substring(jdbcPrefix.length());
      if (!rest.startsWith("//")) {
        throw new IllegalArgumentException(
            "unsupported database URL (" + jdbcPrefix + " without //host); expected " + forms);
      }
      return parseJdbc(
          engine, split(trimmed.substring(0, jdbcPrefix.length() + 2), rest.substring(2)), forms);
    }
    for (String scheme : engine.urlSchemes()) {
      if (startsWithIgnoreCase(trimmed, scheme)) {
        return parseLibpq(engine, split(scheme, trimmed.substring(scheme.length())), forms);
      }
    }
    throw new IllegalStateException("engineOf matched a scheme no branch reads");
  }

  /** The engine whose JDBC prefix or URL scheme the URL starts with, or null. */
  private static DatabaseEngine engineOf(String url) {
    for (DatabaseEngine engine : DatabaseEngine.values()) {
      if (startsWithIgnoreCase(url, engine.jdbcPrefix())) {
        return engine;
      }
      for (String scheme : engine.urlSchemes()) {
        if (startsWithIgnoreCase(url, scheme)) {
          return engine;
        }
      }
    }
    return null;
  }

  /**
   * Connector/J reads a port that is no number as the default one; refused here instead. Every host
   * of {@code jdbc:mariadb://hosts/…} needs a name, and a port, if given, in 1–65535.
   */
  private static boolean hasValidPorts(String jdbcUrl) {
    String rest = jdbcUrl.substring(jdbcUrl.indexOf("//") + 2);
    int end = indexOfAny(rest, "/?");
    for (String host : (end < 0 ? rest : rest.substring(0, end)).split(",", -1)) {
      int portStart =
          host.startsWith("[")
              ? (host.contains("]:") ? host.indexOf("]:") + 1 : -1)
              : host.lastIndexOf(':');
      String name = portStart < 0 ? host : host.substring(0, portStart);
      if (name.isEmpty() || name.equals("[]")) {
        return false;
      }
      if (portStart >= 0) {
        String port = host.substring(portStart + 1);
        if (!port.matches("[0-9]{1,5}")
            || Integer.parseInt(port) < 1
            || Integer.parseInt(port) > 65535) {
          return false;
        }
      }
    }
    return true;
  }

  /**
   * Remembers whatever may be a password in this URL — the user info after its first ':', a {@code
   * password=} parameter — as written and decoded, before any check can throw.
   */
  private static void rememberCredentials(String url) {
    Redactor redactor = Redactor.process();
    int schemeEnd = url.indexOf("//");
    int at = url.lastIndexOf('@');
    if (schemeEnd >= 0 && at > schemeEnd) {
      String userInfo = url.substring(schemeEnd + 2, at);
      int colon = userInfo.indexOf(':');
      if (colon >= 0) {
        rememberDecoded(redactor, userInfo.substring(colon + 1));
      }
    }
    int question = url.indexOf('?');
    if (question >= 0) {
      for (String pair : url.substring(question + 1).split("[&;]")) {
        if (pair.regionMatches(true, 0, "password=", 0, "password=".length())) {
          rememberDecoded(redactor, pair.substring("password=".length()));
        }
      }
    }
  }

  private static void rememberDecoded(Redactor redactor, String written) {
    redactor.remember(written);
    try {
      redactor.remember(percentDecode(written, "password"));
    } catch (IllegalArgumentException malformed) {
      // refused later with its own message; the form as written is remembered already
    }
  }

  /**
   * Splits {@code [user-info@]hosts[/path][?query][#fragment]}. The user info ends at the last '@'
   * of the authority; an '@' further on means the user info itself held a '/', '?' or '#'.
   */
  private static Parts split(String scheme, String rest) {
    int authorityEnd = indexOfAny(rest, "/?#");
    int lastAt = rest.lastIndexOf('@');
    if (authorityEnd >= 0 && lastAt > authorityEnd) {
      char offending = rest.charAt(authorityEnd);
      throw new IllegalArgumentException(
          "database URL "
              + masked(scheme, rest, lastAt)
              + " is ambiguous: its user name or password contains '"
              + offending
              + "'; percent-encode it as "
              + percentEncoded(offending)
              + " (and '@' as %40, ':' in the user name as %3A)");
    }
    String authority = authorityEnd < 0 ? rest : rest.substring(0, authorityEnd);
    String afterAuthority = authorityEnd < 0 ? "" : rest.substring(authorityEnd);
    int at = authority.lastIndexOf('@');
    String userInfo = at < 0 ? null : authority.substring(0, at);
    String hosts = at < 0 ? authority : authority.substring(at + 1);
    int fragment = afterAuthority.indexOf('#');
    if (fragment >= 0) {
      afterAuthority = afterAuthority.substring(0, fragment);
    }
    int question = afterAuthority.indexOf('?');
    String path = question < 0 ? afterAuthority : afterAuthority.substring(0, question);
    String query = question < 0 ? "" : afterAuthority.substring(question + 1);
    return new Parts(scheme, userInfo, hosts, path, query);
  }

  /**
   * The URL as the user wrote it, with everything between the user name and the last '@' masked.
   */
  private static String masked(String scheme, String rest, int lastAt) {
    String userInfo = rest.substring(0, lastAt);
    int colon = userInfo.indexOf(':');
    String user = colon < 0 ? "" : userInfo.substring(0, colon) + ":";
    return scheme + user + Redactor.MASK + rest.substring(lastAt);
  }

  private static String percentEncoded(char c) {
    return String.format("%%%02X", (int) c);
  }

  /**
   * A JDBC URL keeps its hosts, path and parameters as written; credentials move out of it, and its
   * prefix becomes the one the driver reads.
   */
  private static Parsed parseJdbc(DatabaseEngine engine, Parts parts, String forms) {
    Map<String, String> parameters = parameters(parts.query());
    Credentials credentials = credentials(parts, parameters);
    if (parts.hosts().isEmpty()) {
      throw new IllegalArgumentException("database URL has no host; expected " + forms);
    }
    return new Parsed(
        engine,
        engine.driverPrefix() + "//" + parts.hosts() + parts.path() + query(parameters),
        credentials.user(),
        credentials.password());
  }

  /** {@code jdbc:postgresql:database?…}: pgjdbc connects to localhost:5432. */
  private static Parsed parseJdbcWithoutHost(String rest) {
    int question = rest.indexOf('?');
    String database = question < 0 ? rest : rest.substring(0, question);
    Map<String, String> parameters =
        question < 0 ? new LinkedHashMap<>() : parameters(rest.substring(question + 1));
    Credentials credentials = credentials(new Parts(JDBC_PREFIX, null, "", "", ""), parameters);
    return new Parsed(
        DatabaseEngine.POSTGRESQL,
        JDBC_PREFIX + database + query(parameters),
        credentials.user(),
        credentials.password());
  }

  /**
   * {@code postgres://}, {@code mysql://}, …: every host gets its port. Prisma's PostgreSQL
   * parameters are renamed for pgjdbc; its pool and proxy settings are dropped for every engine.
   */
  private static Parsed parseLibpq(DatabaseEngine engine, Parts parts, String forms) {
    Map<String, String> parameters = parameters(parts.query());
    Credentials credentials = credentials(parts, parameters);
    String database = parts.path().startsWith("/") ? parts.path().substring(1) : parts.path();
    Map<String, String> jdbcParameters = new LinkedHashMap<>();
    parameters.forEach(
        (name, value) -> {
          if (!PRISMA_ONLY_PARAMETERS.contains(name)) {
            jdbcParameters.put(
                engine == DatabaseEngine.POSTGRESQL
                    ? RENAMED_PARAMETERS.getOrDefault(name, name)
                    : name,
                value);
          }
        });
    return new Parsed(
        engine,
        engine.driverPrefix()
            + "//"
            + hostsWithPorts(parts.hosts(), engine.defaultPort(), forms)
            + "/"
            + database
            + query(jdbcParameters),
        credentials.user(),
        credentials.password());
  }

  private record Credentials(String user, String password) {}

  /**
   * The user info's credentials, else the {@code user}/{@code password} parameters (which are
   * removed).
   */
  private static Credentials credentials(Parts parts, Map<String, String> parameters) {
    String user = null;
    String password = null;
    if (parts.userInfo() != null) {
      int colon = parts.userInfo().indexOf(':');
      String rawUser = colon < 0 ? parts.userInfo() : parts.userInfo().substring(0, colon);
      user = rawUser.isEmpty() ? null : percentDecode(rawUser, "user name", parts);
      password =
          colon < 0
              ? null
              : percentDecode(parts.userInfo().substring(colon + 1), "password", parts);
    }
    String queryUser = parameters.remove("user");
    String queryPassword = parameters.remove("password");
    if (user == null && queryUser != null) {
      user = percentDecode(queryUser, "user parameter", parts);
    }
    if (password == null && queryPassword != null) {
      password = percentDecode(queryPassword, "password parameter", parts);
    }
    return new Credentials(user, password);
  }

  /** Adds the default port to every host of a multi-host list; keeps IPv6 brackets. */
  private static String hostsWithPorts(String authority, int defaultPort, String forms) {
    if (authority.isEmpty()) {
      return "localhost:" + defaultPort;
    }
    StringBuilder result = new StringBuilder();
    for (String host : authority.split(",", -1)) {
      if (host.isEmpty()) {
        throw new IllegalArgumentException("database URL has an empty host; expected " + forms);
      }
      if (result.length() > 0) {
        result.append(',');
      }
      boolean hasPort = host.startsWith("[") ? host.indexOf("]:") > 0 : host.indexOf(':') >= 0;
      result.append(host);
      if (!hasPort) {
        result.append(':').append(defaultPort);
      }
    }
    return result.toString();
  }

  private static Map<String, String> parameters(String query) {
    Map<String, String> parameters = new LinkedHashMap<>();
    for (String pair : query.split("&")) {
      if (pair.isEmpty()) {
        continue;
      }
      int equals = pair.indexOf('=');
      String name = equals < 0 ? pair : pair.substring(0, equals);
      String value = equals < 0 ? "" : pair.substring(equals + 1);
      parameters.put(name, value);
    }
    return parameters;
  }

  /** Parameter values stay percent-encoded: the drivers decode them themselves. */
  private static String query(Map<String, String> parameters) {
    if (parameters.isEmpty()) {
      return "";
    }
    StringBuilder query = new StringBuilder();
    parameters.forEach(
        (name, value) ->
            query.append(query.length() == 0 ? '?' : '&').append(name).append('=').append(value));
    return query.toString();
  }

  private static int indexOfAny(String text, String characters) {
    for (int i = 0; i < text.length(); i++) {
      if (characters.indexOf(text.charAt(i)) >= 0) {
        return i;
      }
    }
    return -1;
  }

  private static String schemeOf(String url) {
    int colon = url.indexOf(':');
    if (colon <= 0 || colon > 20) {
      return "missing";
    }
    return "'" + url.substring(0, colon) + "'";
  }

  private static boolean startsWithIgnoreCase(String text, String prefix) {
    return text.regionMatches(true, 0, prefix, 0, prefix.length());
  }

  static String percentDecode(String text, String what) {
    return percentDecode(text, what, null);
  }

  /**
   * Decodes {@code %XX} escapes as UTF-8. Unlike {@link java.net.URLDecoder} it keeps '+' as it is:
   * in the user-info part of a URL '+' is a plus, not a space.
   *
   * @param parts the URL, to show (with its password masked) when the escape is broken; may be null
   */
  private static String percentDecode(String text, String what, Parts parts) {
    if (text.indexOf('%') < 0) {
      return text;
    }
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(text.length());
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '%') {
        int high = i + 1 < text.length() ? Character.digit(text.charAt(i + 1), 16) : -1;
        int low = i + 2 < text.length() ? Character.digit(text.charAt(i + 2), 16) : -1;
        if (high < 0 || low < 0) {
          // Never echo the text: it may be the password.
          throw new IllegalArgumentException(
              "database URL"
                  + (parts == null
                      ? ""
                      : " " + Redactor.process().redact(parts.scheme() + "****@" + parts.hosts()))
                  + " has an invalid percent-encoding in the "
                  + what
                  + "; encode '%' as %25");
        }
        bytes.write(high * 16 + low);
        i += 2;
      } else {
        byte[] encoded = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
        if (Character.isHighSurrogate(c) && i + 1 < text.length()) {
          encoded = text.substring(i, i + 2).getBytes(StandardCharsets.UTF_8);
          i++;
        }
        bytes.writeBytes(encoded);
      }
    }
    return bytes.toString(StandardCharsets.UTF_8);
  }
}
