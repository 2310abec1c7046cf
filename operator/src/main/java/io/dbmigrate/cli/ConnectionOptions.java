package io.dbmigrate.cli;

import io.dbmigrate.config.RunnerVariables;
import io.dbmigrate.db.ConnectionSettings;
import java.util.Map;
import java.util.function.Function;
import picocli.CommandLine;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/**
 * Where the database is, shared by every command that connects. The password comes from the
 * environment only: arguments show up in {@code ps} and in a Job's spec.
 */
final class ConnectionOptions {
  @Option(
      names = "--url",
      paramLabel = "URL",
      description =
          "jdbc:postgresql://…, postgresql://…, jdbc:mariadb://…, mariadb://… (jdbc:mysql://, mysql://);"
              + " default: $"
              + RunnerVariables.URL)
  String url;

  @Option(
      names = "--username",
      paramLabel = "USER",
      description = "Default: $" + RunnerVariables.USERNAME)
  String username;

  /**
   * Uses the settings, or reports why there are none. A missing URL is a usage error (exit 2); a
   * malformed one is the command's failure, reported like any other: it usually comes from a
   * Secret.
   *
   * @param malformedUrl what the command makes of the reason, which never quotes the password
   */
  <T> T connect(
      Map<String, String> environment,
      CommandLine commandLine,
      Function<ConnectionSettings, T> use,
      Function<String, T> malformedUrl) {
    String databaseUrl = url(environment, commandLine);
    ConnectionSettings settings;
    try {
      settings =
          ConnectionSettings.resolve(
              databaseUrl,
              firstPresent(username, environment.get(RunnerVariables.USERNAME)),
              environment.get(RunnerVariables.PASSWORD));
    } catch (IllegalArgumentException e) {
      return malformedUrl.apply(e.getMessage());
    }
    return use.apply(settings);
  }

  private String url(Map<String, String> environment, CommandLine commandLine) {
    String chosen = firstPresent(url, environment.get(RunnerVariables.URL));
    if (chosen == null) {
      throw new ParameterException(
          commandLine,
          "Missing database URL: set --url or the environment variable " + RunnerVariables.URL);
    }
    return chosen;
  }

  private static String firstPresent(String first, String second) {
    if (first != null && !first.isBlank()) {
      return first;
    }
    return second == null || second.isBlank() ? null : second;
  }
}
