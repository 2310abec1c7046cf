package io.dbmigrate.db;

/**
 * Where a database is and who connects to it. The password never appears in {@link #toString()} or
 * {@link #describe()}, and the {@link Redactor} masks it in all text that leaves.
 *
 * @param jdbcUrl the driver's URL without credentials in it (see {@link #resolve})
 * @param username the role to connect as, or null for the driver's default
 * @param password the role's password, or null
 * @param engine the engine the URL named: MySQL and MariaDB share a driver URL, not a name
 */
public record ConnectionSettings(
    String jdbcUrl, String username, String password, DatabaseEngine engine) {
  /** Every password the process holds is known to the redactor, whichever way it arrived. */
  public ConnectionSettings {
    Redactor.process().remember(password);
  }

  /** Settings for a driver URL as {@link #resolve} makes them: the engine is its driver's. */
  public ConnectionSettings(String jdbcUrl, String username, String password) {
    this(jdbcUrl, username, password, DatabaseEngine.ofDriverUrl(jdbcUrl));
  }

  /**
   * Reads a database URL in any accepted form (PostgreSQL, MariaDB, MySQL; JDBC or URI). Explicit
   * username and password (from their own Secret keys) win over those embedded in the URL; blank
   * values count as absent.
   *
   * @throws IllegalArgumentException naming the accepted forms, never the password
   */
  public static ConnectionSettings resolve(String url, String username, String password) {
    Redactor.process().remember(password);
    DatabaseUrl.Parsed parsed = DatabaseUrl.parse(url);
    return new ConnectionSettings(
        parsed.jdbcUrl(),
        isBlank(username) ? parsed.username() : username,
        password == null || password.isEmpty() ? parsed.password() : password,
        parsed.engine());
  }

  /** {@code host:port/database as user}, for messages about this database. */
  public String describe() {
    String target = JdbcUrlTarget.of(jdbcUrl);
    return target + " as " + (isBlank(username) ? "the default user" : username);
  }

  @Override
  public String toString() {
    return "ConnectionSettings[jdbcUrl="
        + Redactor.process().redact(jdbcUrl)
        + ", username="
        + username
        + ", password="
        + (password == null ? "null" : Redactor.MASK)
        + ", engine="
        + engine
        + "]";
  }

  private static boolean isBlank(String value) {
    return value == null || value.isBlank();
  }
}
