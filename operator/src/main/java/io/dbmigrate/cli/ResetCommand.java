package io.dbmigrate.cli;

import io.dbmigrate.config.Environments;
import io.dbmigrate.runner.MigrationRunner;
import io.dbmigrate.runner.RunOptions;
import io.dbmigrate.runner.RunResult;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code dbmigrate reset}: drops every object in the schema, then migrates and seeds from scratch.
 * For development databases only: refused, before connecting, in any other environment and without
 * {@code --yes}.
 */
@Command(
    name = "reset",
    mixinStandardHelpOptions = true,
    description = {
      "DROPS EVERY OBJECT in the schema (Flyway clean), then applies the migrations and seeds.",
      "Runs only with --environment development and --yes.",
      "Environment: DBMIGRATE_URL (if --url is not given), DBMIGRATE_USERNAME, DBMIGRATE_PASSWORD."
    })
final class ResetCommand implements Callable<Integer> {
  static final int USAGE = 2;

  @ParentCommand DbMigrate parent;
  @Spec CommandSpec spec;
  @Mixin RunCommandOptions run;

  @Option(names = "--yes", description = "Confirms that every object in the schema may be dropped.")
  boolean yes;

  @Mixin BackupOption backup;

  @Mixin LockOptions locks;

  @Mixin FlywayOptions flyway;

  @Override
  public Integer call() {
    PrintWriter err = spec.commandLine().getErr();
    RunOptions options =
        flyway.applyTo(
            locks.applyTo(run.sources.runOptions(backup.directory, parent.environment())),
            parent.environment());
    // Both checks come before anything touches the database, even before the URL is read.
    if (!Environments.isDevelopment(options.environment())) {
      err.println(MigrationRunner.resetRefusal(options.environment()));
      err.flush();
      return USAGE;
    }
    if (!yes) {
      err.println("reset drops every object in the schema of the database; add --yes to confirm");
      err.flush();
      return USAGE;
    }
    if (ResultFileCheck.refuses(run.resultFile, err)) {
      return ResultFileCheck.EXIT_CODE;
    }
    RunResult result =
        run.connection.connect(
            parent.environment(),
            spec.commandLine(),
            settings -> MigrateCommand.runner(parent.environment()).reset(settings, options),
            RunReport::failure);
    if (result.succeeded()) {
      spec.commandLine().getOut().println("reset: schema cleaned");
    }
    return new RunReport(spec.commandLine().getOut(), err)
        .report(result, options.environment(), run.resultFile);
  }
}
