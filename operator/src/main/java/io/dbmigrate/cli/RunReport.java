package io.dbmigrate.cli;

import io.dbmigrate.runner.ResultFile;
import io.dbmigrate.runner.RunResult;
import io.dbmigrate.runner.RunResult.AppliedMigration;
import io.dbmigrate.runner.RunResult.RunError;
import io.dbmigrate.runner.RunResultJson;
import io.dbmigrate.runner.SeedResult;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Optional;

/** How migrate and reset show a run: lines for people on the console, JSON for the reconciler. */
final class RunReport {
  private final PrintWriter out;
  private final PrintWriter err;

  RunReport(PrintWriter out, PrintWriter err) {
    this.out = out;
    this.err = err;
  }

  /** A run that could not start (a malformed URL, say): reported like any failed run. */
  static RunResult failure(String message) {
    return RunResult.failedBeforeStart(RunError.of(message), 0);
  }

  /** Prints the run and writes its result; returns the exit code. */
  int report(RunResult result, String environment, Path resultFile) {
    if (result.backup() != null) {
      out.printf(
          "backed up to %s (%d bytes)%n", result.backup().file(), result.backup().sizeBytes());
    }
    if (result.migrationsImage() != null) {
      out.println("migrations from " + result.migrationsImage());
    }
    printApplied(result);
    for (SeedResult seed : result.seeds()) {
      out.println(seedLine(seed, environment));
    }
    if (result.succeeded()) {
      out.println(summary(result));
    } else {
      err.println("migration failed: " + result.error().message());
    }
    out.flush();
    boolean written = writeResult(result, resultFile);
    err.flush();
    return result.succeeded() && written ? 0 : 1;
  }

  private void printApplied(RunResult result) {
    for (AppliedMigration migration : result.applied()) {
      String what =
          migration.version() == null
              ? "repeatable " + migration.description()
              : migration.version() + " " + migration.description();
      out.printf("applied %s (%s) in %d ms%n", what, migration.script(), migration.durationMs());
    }
    int notShown = result.appliedCount() - result.applied().size();
    if (notShown > 0) {
      out.printf("… and %d more%n", notShown);
    }
  }

  static String seedLine(SeedResult seed, String environment) {
    String what =
        switch (seed.status()) {
          case Applied -> seed.appliedFiles() + " of " + seed.files() + " files applied";
          case Skipped -> "skipped in " + environment;
          case Failed ->
              "failed in "
                  + seed.failedFile()
                  + " after "
                  + seed.appliedFiles()
                  + " of "
                  + seed.files()
                  + " files applied";
          case NotRun -> "not run";
        };
    return "seed " + seed.name() + ": " + what;
  }

  private static String summary(RunResult result) {
    String state =
        result.currentVersion() == null
            ? "database has no version"
            : "database at version " + result.currentVersion();
    return String.format(
        "%s: %d applied, %d pending, %d ms",
        state, result.appliedCount(), result.pending(), result.durationMs());
  }

  /** Returns false when the result could not be written: the reconciler would not see it. */
  private boolean writeResult(RunResult result, Path resultFile) {
    Optional<Path> file = ResultFile.choose(resultFile);
    if (file.isEmpty()) {
      return true;
    }
    try {
      ResultFile.write(file.get(), result, new RunResultJson());
      return true;
    } catch (IOException e) {
      err.println("cannot write the result to " + file.get() + ": " + ResultFile.reason(e));
      return false;
    }
  }
}
