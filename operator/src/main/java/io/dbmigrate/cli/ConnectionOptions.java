package io.dbmigrate.cli;

import io.dbmigrate.db.ConnectionSettings;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/**
 * Where the database is, shared by migrate, plan and reset. The password comes from the environment
 * only: arguments show up in {@code ps} and in a Job's spec.
 */
final class ConnectionOptions {
  static final String URL_VARIABLE = "DBMIGRATE_URL";
  static final String USERNAME_VARIABLE = "DBMIGRATE_USERNAME";
  static final String PASSWORD_VARIABLE = "DBMIGRATE_PASSWORD";

  @Option(
      names = "--url",
      paramLabel = "URL",
      description = "jdbc:postgresql://… or postgresql://…; default: $" + URL_VARIABLE)
  String url;

  @Option(names = "--username", paramLabel = "USER", description = "Default: $" + USERNAME_VARIABLE)
  String username;

  /** The URL from the option or the environment; a usage error (exit 2) when neither has one. */
  String url(Map<String, String> environment, CommandLine commandLine) {
    String chosen = firstPresent(url, environment.get(URL_VARIABLE));
    if (chosen == null) {
      throw new ParameterException(
          commandLine,
          "Missing database URL: set --url or the environment variable " + URL_VARIABLE);
    }
    return chosen;
  }

  /**
   * @throws IllegalArgumentException for a malformed URL, never quoting the password: a run's
   *     failure (the URL usually comes from a Secret), not a usage error
   */
  ConnectionSettings settings(String databaseUrl, Map<String, String> environment) {
    return ConnectionSettings.resolve(
        databaseUrl,
        firstPresent(username, environment.get(USERNAME_VARIABLE)),
        environment.get(PASSWORD_VARIABLE));
  }

  private static String firstPresent(String first, String second) {
    if (first != null && !first.isBlank()) {
      return first;
    }
    return second == null || second.isBlank() ? null : second;
  }
}
