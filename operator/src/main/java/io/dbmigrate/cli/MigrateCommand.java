package io.dbmigrate.cli;

import io.dbmigrate.db.ConnectionSettings;
import io.dbmigrate.runner.MigrationRunner;
import io.dbmigrate.runner.ResultFile;
import io.dbmigrate.runner.RunResult;
import io.dbmigrate.runner.RunResult.AppliedMigration;
import io.dbmigrate.runner.RunResult.RunError;
import io.dbmigrate.runner.RunResultJson;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code dbmigrate migrate}: what the Job runs. Connection settings come from the environment
 * (filled from the database Secret), never from arguments, which show up in {@code ps} and in
 * the Job's spec. The password has no option at all.
 */
@Command(
    name = "migrate",
    mixinStandardHelpOptions = true,
    description = {
      "Applies pending migrations.",
      "Environment: DBMIGRATE_URL (if --url is not given), DBMIGRATE_USERNAME, DBMIGRATE_PASSWORD."
    })
final class MigrateCommand implements Callable<Integer> {
  static final String URL_VARIABLE = "DBMIGRATE_URL";
  static final String USERNAME_VARIABLE = "DBMIGRATE_USERNAME";
  static final String PASSWORD_VARIABLE = "DBMIGRATE_PASSWORD";

  @ParentCommand DbMigrate parent;
  @Spec CommandSpec spec;

  @Option(names = "--url", paramLabel = "URL",
      description = "jdbc:postgresql://… or postgresql://…; default: $" + URL_VARIABLE)
  String url;

  @Option(names = "--migrations", paramLabel = "DIR", required = true,
      description = "Directory of V<version>__<name>.sql and R__<name>.sql files; repeatable.")
  List<Path> migrationDirs;

  @Option(names = "--target", paramLabel = "latest|VERSION", defaultValue = "latest",
      description = "Version to migrate to (default: ${DEFAULT-VALUE}).")
  String target;

  @Option(names = "--username", paramLabel = "USER", description = "Default: $" + USERNAME_VARIABLE)
  String username;

  @Option(names = "--result-file", paramLabel = "FILE",
      description = "Where to write the JSON result; default: /dev/termination-log when it exists.")
  Path resultFile;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    RunResult result = run();
    if (result.succeeded()) {
      printApplied(out, result);
      out.println(summary(result));
    } else {
      printApplied(out, result);
      err.println("migration failed: " + result.error().message());
    }
    out.flush();
    boolean written = writeResult(result, err);
    err.flush();
    return result.succeeded() && written ? 0 : 1;
  }

  private RunResult run() {
    String databaseUrl = firstPresent(url, parent.environment().get(URL_VARIABLE))
        .orElseThrow(() -> new ParameterException(spec.commandLine(),
            "Missing database URL: set --url or the environment variable " + URL_VARIABLE));
    ConnectionSettings settings;
    try {
      settings = ConnectionSettings.resolve(
          databaseUrl,
          firstPresent(username, parent.environment().get(USERNAME_VARIABLE)).orElse(null),
          parent.environment().get(PASSWORD_VARIABLE));
    } catch (IllegalArgumentException e) {
      // A malformed URL in a Secret is the run's failure, reported like any other.
      return RunResult.failedBeforeStart(RunError.of(e.getMessage()), 0);
    }
    return new MigrationRunner().migrate(settings, migrationDirs, target);
  }

  private static void printApplied(PrintWriter out, RunResult result) {
    for (AppliedMigration migration : result.applied()) {
      String what = migration.version() == null ? "repeatable " + migration.description()
          : migration.version() + " " + migration.description();
      out.printf("applied %s (%s) in %d ms%n", what, migration.script(), migration.durationMs());
    }
    int notShown = result.appliedCount() - result.applied().size();
    if (notShown > 0) {
      out.printf("… and %d more%n", notShown);
    }
  }

  private static String summary(RunResult result) {
    String state = result.currentVersion() == null ? "database has no version"
        : "database at version " + result.currentVersion();
    return String.format("%s: %d applied, %d pending, %d ms",
        state, result.appliedCount(), result.pending(), result.durationMs());
  }

  /** Returns false when the result could not be written: the reconciler would not see it. */
  private boolean writeResult(RunResult result, PrintWriter err) {
    Optional<Path> file = ResultFile.choose(resultFile);
    if (file.isEmpty()) {
      return true;
    }
    try {
      ResultFile.write(file.get(), result, new RunResultJson());
      return true;
    } catch (IOException e) {
      err.println("cannot write the result to " + file.get() + ": " + e.getMessage());
      return false;
    }
  }

  private static Optional<String> firstPresent(String first, String second) {
    if (first != null && !first.isBlank()) {
      return Optional.of(first);
    }
    return second == null || second.isBlank() ? Optional.empty() : Optional.of(second);
  }
}
