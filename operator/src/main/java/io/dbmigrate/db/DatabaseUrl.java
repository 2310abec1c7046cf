package io.dbmigrate.db;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Turns the database URL a team already has into a pgjdbc URL plus credentials.
 *
 * <p>Two forms are accepted: a JDBC URL ({@code jdbc:postgresql://…}) and the libpq/Prisma
 * form ({@code postgres://user:pass@host:port/db?…}) that most application Secrets hold.
 * Credentials found in either form are taken out of the URL, so the URL that travels on
 * into Flyway, logs and messages never carries a password.
 */
final class DatabaseUrl {
  static final String ACCEPTED_FORMS =
      "jdbc:postgresql://host:port/database or postgresql://user:password@host:port/database"
          + " (postgres:// also accepted)";

  private static final String JDBC_PREFIX = "jdbc:postgresql:";
  private static final List<String> LIBPQ_SCHEMES = List.of("postgresql://", "postgres://");
  private static final int DEFAULT_PORT = 5432;

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

  /** The URL split into what pgjdbc connects to and the credentials it carried. */
  record Parsed(String jdbcUrl, String username, String password) {
    @Override
    public String toString() {
      return "Parsed[jdbcUrl=" + jdbcUrl + ", username=" + username + ", password=****]";
    }
  }

  private DatabaseUrl() {}

  static Parsed parse(String url) {
    if (url == null || url.isBlank()) {
      throw new IllegalArgumentException("no database URL given; expected " + ACCEPTED_FORMS);
    }
    String trimmed = url.strip();
    if (trimmed.regionMatches(true, 0, JDBC_PREFIX, 0, JDBC_PREFIX.length())) {
      return parseJdbc(trimmed);
    }
    for (String scheme : LIBPQ_SCHEMES) {
      if (trimmed.regionMatches(true, 0, scheme, 0, scheme.length())) {
        return parseLibpq(trimmed.substring(scheme.length()));
      }
    }
    // Only the scheme is named: the rest of the URL may hold a password.
    throw new IllegalArgumentException(
        "unsupported database URL (scheme " + schemeOf(trimmed) + "); expected " + ACCEPTED_FORMS);
  }

  private static String schemeOf(String url) {
    int colon = url.indexOf(':');
    if (colon <= 0 || colon > 20) {
      return "missing";
    }
    return "'" + url.substring(0, colon) + "'";
  }

  /** A JDBC URL stays as it is, except that user and password parameters move out of it. */
  private static Parsed parseJdbc(String url) {
    int question = url.indexOf('?');
    if (question < 0) {
      return new Parsed(url, null, null);
    }
    Map<String, String> parameters = parameters(url.substring(question + 1));
    String user = parameters.remove("user");
    String password = parameters.remove("password");
    String base = url.substring(0, question);
    return new Parsed(
        base + query(parameters),
        user == null ? null : percentDecode(user, "user"),
        password == null ? null : percentDecode(password, "password"));
  }

  private static Parsed parseLibpq(String rest) {
    int authorityEnd = indexOfAny(rest, "/?#");
    String authority = authorityEnd < 0 ? rest : rest.substring(0, authorityEnd);
    String afterAuthority = authorityEnd < 0 ? "" : rest.substring(authorityEnd);

    String user = null;
    String password = null;
    // The last '@' ends the user info: an unencoded '@' in a password is a common mistake.
    int at = authority.lastIndexOf('@');
    if (at >= 0) {
      String userInfo = authority.substring(0, at);
      authority = authority.substring(at + 1);
      int colon = userInfo.indexOf(':');
      String rawUser = colon < 0 ? userInfo : userInfo.substring(0, colon);
      user = rawUser.isEmpty() ? null : percentDecode(rawUser, "user");
      password = colon < 0 ? null : percentDecode(userInfo.substring(colon + 1), "password");
    }
    String hosts = hostsWithPorts(authority);

    int fragment = afterAuthority.indexOf('#');
    if (fragment >= 0) {
      afterAuthority = afterAuthority.substring(0, fragment);
    }
    int question = afterAuthority.indexOf('?');
    String path = question < 0 ? afterAuthority : afterAuthority.substring(0, question);
    String database = path.startsWith("/") ? path.substring(1) : path;
    Map<String, String> parameters =
        question < 0 ? new LinkedHashMap<>() : parameters(afterAuthority.substring(question + 1));

    String queryUser = parameters.remove("user");
    String queryPassword = parameters.remove("password");
    if (user == null && queryUser != null) {
      user = percentDecode(queryUser, "user");
    }
    if (password == null && queryPassword != null) {
      password = percentDecode(queryPassword, "password");
    }
    Map<String, String> jdbcParameters = new LinkedHashMap<>();
    parameters.forEach(
        (name, value) -> {
          if (!PRISMA_ONLY_PARAMETERS.contains(name)) {
            jdbcParameters.put(RENAMED_PARAMETERS.getOrDefault(name, name), value);
          }
        });
    return new Parsed(
        "jdbc:postgresql://" + hosts + "/" + database + query(jdbcParameters), user, password);
  }

  /** Adds the default port to every host of a multi-host list; keeps IPv6 brackets. */
  private static String hostsWithPorts(String authority) {
    if (authority.isEmpty()) {
      return "localhost:" + DEFAULT_PORT;
    }
    StringBuilder result = new StringBuilder();
    for (String host : authority.split(",", -1)) {
      if (host.isEmpty()) {
        throw new IllegalArgumentException("database URL has an empty host; expected " + ACCEPTED_FORMS);
      }
      if (result.length() > 0) {
        result.append(',');
      }
      boolean hasPort =
          host.startsWith("[") ? host.indexOf("]:") > 0 : host.indexOf(':') >= 0;
      result.append(host);
      if (!hasPort) {
        result.append(':').append(DEFAULT_PORT);
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

  /** Parameter values stay percent-encoded: pgjdbc decodes them itself. */
  private static String query(Map<String, String> parameters) {
    if (parameters.isEmpty()) {
      return "";
    }
    StringBuilder query = new StringBuilder();
    parameters.forEach(
        (name, value) -> query.append(query.length() == 0 ? '?' : '&').append(name).append('=').append(value));
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

  /**
   * Decodes {@code %XX} escapes as UTF-8. Unlike {@link java.net.URLDecoder} it keeps '+'
   * as it is: in the user-info part of a URL '+' is a plus, not a space.
   */
  static String percentDecode(String text, String what) {
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
              "database URL has an invalid percent-encoding in the " + what
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
