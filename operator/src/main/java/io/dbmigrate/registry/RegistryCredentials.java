package io.dbmigrate.registry;

/**
 * A user name and password (or token) for one registry. {@link #toString()} hides the password, so
 * a record printed by mistake does not leak it.
 *
 * @param source where they were found (a file name), for messages; never the values
 */
public record RegistryCredentials(String username, String password, String source) {
  public RegistryCredentials {
    if (username == null || password == null) {
      throw new IllegalArgumentException("credentials need a username and a password");
    }
  }

  @Override
  public String toString() {
    return "RegistryCredentials[username=" + username + ", password=****, source=" + source + "]";
  }
}
