package io.dbmigrate.cli;

import io.dbmigrate.runner.MigrationPlanner;
import io.dbmigrate.runner.PendingMigration;
import io.dbmigrate.runner.PlanResult;
import io.dbmigrate.runner.PlanResultJson;
import io.dbmigrate.runner.ResultFile;
import io.dbmigrate.runner.RunOptions;
import io.dbmigrate.runner.SeedPlan;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code dbmigrate plan}: what {@code migrate} would do, without changing anything. Problems in the
 * database (changed, missing or failed migrations) are part of the plan (exit 0); exit 1 means no
 * plan could be made (bad sources, unreachable database).
 */
@Command(
    name = "plan",
    mixinStandardHelpOptions = true,
    description = {
      "Shows what a run would do, without changing the database.",
      "Lists the pending migrations, the seed files that would run and the problems that would stop a run.",
      "Exit code 0 when the plan was made, 1 when it could not be.",
      "Environment: DBMIGRATE_URL (if --url is not given), DBMIGRATE_USERNAME, DBMIGRATE_PASSWORD."
    })
final class PlanCommand implements Callable<Integer> {
  enum Output {
    text,
    json
  }

  @ParentCommand DbMigrate parent;
  @Spec CommandSpec spec;
  @Mixin RunCommandOptions run;

  @Mixin FlywayOptions flyway;

  @Option(
      names = "--output",
      paramLabel = "text|json",
      defaultValue = "text",
      description = "How to print the plan (default: ${DEFAULT-VALUE}).")
  Output output;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    if (ResultFileCheck.refuses(run.resultFile, err)) {
      return ResultFileCheck.EXIT_CODE;
    }
    RunOptions options =
        flyway.applyTo(run.sources.runOptions(null, parent.environment()), parent.environment());
    PlanResult plan;
    boolean planned;
    try {
      plan =
          run.connection.connect(
              parent.environment(),
              spec.commandLine(),
              settings -> new MigrationPlanner().plan(settings, options),
              message -> {
                throw new MigrationPlanner.PlanFailedException(message);
              });
      planned = true;
    } catch (MigrationPlanner.PlanFailedException e) {
      err.println("plan failed: " + e.getMessage());
      // The reason goes into the result too, so whoever reads the file sees why there is no plan.
      plan = new PlanResult(List.of(), List.of(), List.of("plan failed: " + e.getMessage()));
      planned = false;
    }
    PlanResultJson json = new PlanResultJson();
    if (planned) {
      out.print(
          output == Output.json
              ? json.toJson(plan) + System.lineSeparator()
              : text(plan, options.environment()));
    }
    out.flush();
    boolean written = writeResult(plan, json, err);
    err.flush();
    return planned && written ? 0 : 1;
  }

  static String text(PlanResult plan, String environment) {
    StringBuilder text = new StringBuilder();
    text.append("plan for environment ").append(environment).append(System.lineSeparator());
    text.append(
            plan.pending().isEmpty()
                ? "no pending migrations"
                : "pending migrations: " + plan.pending().size())
        .append(System.lineSeparator());
    for (PendingMigration migration : plan.pending()) {
      text.append("  ").append(pendingLine(migration)).append(System.lineSeparator());
    }
    if (plan.caution() != null) {
      text.append("caution: ").append(plan.caution()).append(System.lineSeparator());
    }
    if (plan.baseline() != null) {
      text.append("below baseline ")
          .append(plan.baseline().version())
          .append(plan.baseline().recordedByRun() ? " (the run records the baseline)" : "")
          .append(": ")
          .append(String.join(", ", plan.baseline().migrations()))
          .append(System.lineSeparator());
    }
    for (SeedPlan seed : plan.seeds()) {
      text.append("seed ").append(seed.name()).append(": ");
      if (seed.skipped()) {
        text.append("skipped in ").append(environment);
      } else if (seed.files().isEmpty()) {
        text.append("nothing to apply");
      } else {
        text.append(seed.files().size())
            .append(seed.files().size() == 1 ? " file" : " files")
            .append(" would run: ")
            .append(String.join(", ", seed.files()));
      }
      text.append(System.lineSeparator());
    }
    text.append(plan.problems().isEmpty() ? "no problems" : "problems: " + plan.problems().size())
        .append(System.lineSeparator());
    for (String problem : plan.problems()) {
      text.append("  ").append(problem).append(System.lineSeparator());
    }
    if (plan.truncated()) {
      text.append("(truncated)").append(System.lineSeparator());
    }
    return text.toString();
  }

  /**
   * {@code 2 V2__b.sql (checksum 7)}, {@code R__views.sql (repeatable, checksum changed, now 7)}.
   */
  private static String pendingLine(PendingMigration migration) {
    if (!migration.repeatable()) {
      return migration.version()
          + " "
          + migration.script()
          + " (checksum "
          + migration.checksum()
          + ")";
    }
    return migration.script()
        + (migration.changed()
            ? " (repeatable, checksum changed, now "
            : " (repeatable, new, checksum ")
        + migration.checksum()
        + ")";
  }

  private boolean writeResult(PlanResult plan, PlanResultJson json, PrintWriter err) {
    Optional<Path> file = ResultFile.choose(run.resultFile);
    if (file.isEmpty()) {
      return true;
    }
    try {
      ResultFile.write(file.get(), plan, json);
      return true;
    } catch (IOException e) {
      err.println("cannot write the plan to " + file.get() + ": " + ResultFile.reason(e));
      return false;
    }
  }
}
