package io.dbmigrate.cli;

import io.dbmigrate.runner.RepairResult;
import io.dbmigrate.runner.RepairResult.Repaired;
import io.dbmigrate.runner.RepairResultJson;
import io.dbmigrate.runner.Repairer;
import io.dbmigrate.runner.ResultFile;
import io.dbmigrate.runner.RunOptions;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code dbmigrate repair}: Flyway's repair, one line per change, and what it leaves undone; the
 * repair Job runs it and the reconciler reads its result file.
 */
@Command(
    name = "repair",
    mixinStandardHelpOptions = true,
    description = {
      "Repairs the schema history: removes failed entries, realigns checksums and descriptions",
      "with the files. Changes the history only: objects a failed migration left stay.",
      "Exit code 0 when repaired (or nothing to repair), 1 when not.",
      "Environment: DBMIGRATE_URL (if --url is not given), DBMIGRATE_USERNAME, DBMIGRATE_PASSWORD."
    })
final class RepairCommand implements Callable<Integer> {
  /** What repair cannot do, said whenever it removed a failed entry. */
  static final String LEFT_BEHIND =
      "repair changed only the schema history: what a failed migration did before it failed stays"
          + " in the database (a non-transactional one, such as CREATE INDEX CONCURRENTLY, may have"
          + " left objects or an INVALID index); finish or undo that by hand before migrating again";

  static final String NOT_REAPPLIED =
      "realigning changed only the schema history: the database was not changed to match the"
          + " edited files; put schema changes in a new migration";

  @ParentCommand DbMigrate parent;
  @Spec CommandSpec spec;
  @Mixin ConnectionOptions connection;
  @Mixin MigrationsOption migrations;
  @Mixin FlywayOptions flyway;

  @Option(
      names = "--result-file",
      paramLabel = "FILE",
      description = "Where to write the JSON result; default: /dev/termination-log when it exists.")
  Path resultFile;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    if (ResultFileCheck.refuses(resultFile, err)) {
      return ResultFileCheck.EXIT_CODE;
    }
    RunOptions options =
        flyway.applyTo(migrations.runOptions(parent.environment()), parent.environment());
    RepairResult result =
        connection.connect(
            parent.environment(),
            spec.commandLine(),
            settings -> new Repairer().repair(settings, options),
            RepairResult::failed);
    if (result.succeeded()) {
      print(result, out);
    } else {
      err.println("repair failed: " + result.error().message());
    }
    out.flush();
    boolean written = writeResult(result, err);
    err.flush();
    return result.succeeded() && written ? 0 : 1;
  }

  private static void print(RepairResult result, PrintWriter out) {
    if (result.changedNothing()) {
      out.println(
          "nothing to repair: no failed entries, and every applied migration matches its file");
      return;
    }
    result.removed().forEach(r -> out.println("removed failed " + name(r)));
    result.realigned().forEach(r -> out.println("realigned " + r.change() + " of " + name(r)));
    result.deleted().forEach(r -> out.println("marked missing " + name(r) + " as deleted"));
    if (!result.removed().isEmpty()) {
      out.println(LEFT_BEHIND);
    }
    if (!result.realigned().isEmpty()) {
      out.println(NOT_REAPPLIED);
    }
  }

  private static String name(Repaired migration) {
    return migration.version() == null
        ? "repeatable migration " + migration.script()
        : "migration " + migration.version() + " (" + migration.script() + ")";
  }

  private boolean writeResult(RepairResult result, PrintWriter err) {
    Optional<Path> file = ResultFile.choose(resultFile);
    if (file.isEmpty()) {
      return true;
    }
    try {
      ResultFile.write(file.get(), result, new RepairResultJson());
      return true;
    } catch (IOException e) {
      err.println("cannot write the result to " + file.get() + ": " + ResultFile.reason(e));
      return false;
    }
  }
}
