package io.dbmigrate.db;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Where a database is and who connects to it. The password never appears in
 * {@link #toString()}, {@link #describe()} or anything passed through {@link #redact}.
 *
 * @param jdbcUrl a pgjdbc URL without credentials in it (see {@link #resolve})
 * @param username the role to connect as, or null for the driver's default
 * @param password the role's password, or null
 */
public record ConnectionSettings(String jdbcUrl, String username, String password) {
  private static final String MASK = "****";
  /** {@code scheme://user:pass@} or {@code //user@}: user info inside any URL in a message. */
  private static final Pattern USER_INFO = Pattern.compile("(?<=//)[^/@\\s\"']+@");

  /**
   * Reads a JDBC or {@code postgres://} URL. Explicit username and password (from their own
   * Secret keys) win over those embedded in the URL; blank values count as absent.
   *
   * @throws IllegalArgumentException naming the accepted forms, never the password
   */
  public static ConnectionSettings resolve(String url, String username, String password) {
    DatabaseUrl.Parsed parsed = DatabaseUrl.parse(url);
    return new ConnectionSettings(
        parsed.jdbcUrl(),
        isBlank(username) ? parsed.username() : username,
        password == null || password.isEmpty() ? parsed.password() : password);
  }

  /** {@code host:port/database as user}, for messages about this database. */
  public String describe() {
    String target = JdbcUrlTarget.of(jdbcUrl);
    return target + " as " + (isBlank(username) ? "the default user" : username);
  }

  /**
   * Masks this password (as written and URL-encoded) and any {@code user:pass@} user info.
   * Every message that leaves the runner goes through here, because drivers and Flyway like
   * to quote URLs and connection details in their exceptions.
   */
  public String redact(String text) {
    if (text == null) {
      return null;
    }
    String result = USER_INFO.matcher(text).replaceAll(MASK + "@");
    if (password != null && !password.isEmpty()) {
      for (String form : passwordForms()) {
        result = result.replace(form, MASK);
      }
    }
    return result;
  }

  private Set<String> passwordForms() {
    Set<String> forms = new LinkedHashSet<>();
    forms.add(password);
    String formEncoded = URLEncoder.encode(password, StandardCharsets.UTF_8);
    forms.add(formEncoded);
    forms.add(formEncoded.replace("+", "%20"));
    return forms;
  }

  @Override
  public String toString() {
    return "ConnectionSettings[jdbcUrl=" + redact(jdbcUrl) + ", username=" + username
        + ", password=" + (password == null ? "null" : MASK) + "]";
  }

  private static boolean isBlank(String value) {
    return value == null || value.isBlank();
  }
}
