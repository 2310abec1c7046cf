package io.dbmigrate.cli;

import io.dbmigrate.config.Targets;
import io.dbmigrate.runner.Baseliner;
import io.dbmigrate.runner.CommandFailedException;
import io.dbmigrate.runner.RunOptions;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code dbmigrate baseline}: starts the history of a database that has its objects already. Has no
 * {@code --version} for the program's version: that name is the baseline's.
 */
@Command(
    name = "baseline",
    description = {
      "Records that a database with existing objects and no schema history is at --version:",
      "later runs apply only the migrations above it. Refused when the database has a history;",
      "the same baseline again changes nothing. Exit code 0 when the baseline is there, 1 when not.",
      "Environment: DBMIGRATE_URL (if --url is not given), DBMIGRATE_USERNAME, DBMIGRATE_PASSWORD."
    })
final class BaselineCommand implements Callable<Integer> {
  @ParentCommand DbMigrate parent;
  @Spec CommandSpec spec;
  @Mixin ConnectionOptions connection;
  @Mixin FlywayOptions flyway;

  @Option(
      names = {"-h", "--help"},
      usageHelp = true,
      description = "Show this help message and exit.")
  boolean help;

  @Option(
      names = "--version",
      paramLabel = "VERSION",
      required = true,
      description = "The version the database's existing objects correspond to, e.g. 3 or 1.2.")
  String version;

  @Option(
      names = "--description",
      paramLabel = "TEXT",
      description = "Recorded with the baseline; default: Flyway's '<< Flyway Baseline >>'.")
  String description;

  @Override
  public Integer call() {
    if (!Targets.isValid(version) || Targets.LATEST.equals(version)) {
      throw new ParameterException(
          spec.commandLine(),
          "Invalid value for option '--version': '"
              + version
              + "' is not a version: use one such as 1, 3 or 1.2");
    }
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    RunOptions options =
        flyway.applyTo(RunOptions.migrations(List.of(), null), parent.environment());
    try {
      Baseliner.Outcome outcome =
          connection.connect(
              parent.environment(),
              spec.commandLine(),
              settings -> new Baseliner().baseline(settings, options, version, description),
              message -> {
                throw new CommandFailedException(message);
              });
      out.println(
          outcome.alreadyThere()
              ? "already baselined at version "
                  + outcome.version()
                  + " ('"
                  + outcome.description()
                  + "'): nothing to do"
              : "baselined at version "
                  + outcome.version()
                  + " ('"
                  + outcome.description()
                  + "'): runs will apply only the migrations above it");
      return 0;
    } catch (CommandFailedException e) {
      err.println("baseline failed: " + e.getMessage());
      return 1;
    }
  }
}
