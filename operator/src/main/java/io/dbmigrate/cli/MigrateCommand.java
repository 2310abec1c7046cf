package io.dbmigrate.cli;

import io.dbmigrate.runner.DatabaseDump;
import io.dbmigrate.runner.MigrationRunner;
import io.dbmigrate.runner.RunOptions;
import io.dbmigrate.runner.RunResult;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code dbmigrate migrate}: what the Job runs. Connection settings come from the environment
 * (filled from the database Secret), never from arguments, which show up in {@code ps} and in the
 * Job's spec. The password has no option at all.
 */
@Command(
    name = "migrate",
    mixinStandardHelpOptions = true,
    description = {
      "Applies pending migrations, then the seeds for the environment; with --backup-dir, backs up first.",
      "Environment: DBMIGRATE_URL (if --url is not given), DBMIGRATE_USERNAME, DBMIGRATE_PASSWORD,",
      "DBMIGRATE_PG_DUMP, DBMIGRATE_MARIADB_DUMP (the program to back up with; default: pg_dump,",
      "or mariadb-dump else mysqldump, on the PATH)."
    })
final class MigrateCommand implements Callable<Integer> {
  @ParentCommand DbMigrate parent;
  @Spec CommandSpec spec;
  @Mixin RunCommandOptions run;

  @Mixin BackupOption backup;

  @Mixin LockOptions locks;

  @Mixin FlywayOptions flyway;

  @Override
  public Integer call() {
    if (ResultFileCheck.refuses(run.resultFile, spec.commandLine().getErr())) {
      return ResultFileCheck.EXIT_CODE;
    }
    RunOptions options =
        flyway.applyTo(
            locks.applyTo(run.sources.runOptions(backup.directory, parent.environment())),
            parent.environment());
    RunResult result =
        run.connection.connect(
            parent.environment(),
            spec.commandLine(),
            settings -> runner(parent.environment()).migrate(settings, options),
            RunReport::failure);
    return new RunReport(spec.commandLine().getOut(), spec.commandLine().getErr())
        .report(result, options.environment(), run.resultFile);
  }

  static MigrationRunner runner(Map<String, String> environment) {
    return new MigrationRunner(new DatabaseDump(environment));
  }
}
