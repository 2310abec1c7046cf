package io.dbmigrate.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dbmigrate.runner.CommandFailedException;
import io.dbmigrate.runner.InfoCounts;
import io.dbmigrate.runner.InfoReader;
import io.dbmigrate.runner.InfoResult;
import io.dbmigrate.runner.RunOptions;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code dbmigrate info}: Flyway's info table, changing nothing. Whatever states it shows, reading
 * them is a success (exit 0); exit 1 means it could not be read.
 */
@Command(
    name = "info",
    mixinStandardHelpOptions = true,
    description = {
      "Shows every migration in the sources and the schema history, with its state, and the counts.",
      "Changes nothing. Exit code 0 when it could be read, 1 when not.",
      "Environment: DBMIGRATE_URL (if --url is not given), DBMIGRATE_USERNAME, DBMIGRATE_PASSWORD."
    })
final class InfoCommand implements Callable<Integer> {
  private static final String[] HEADINGS = {
    "Category", "Version", "Description", "Type", "Installed on", "State", "Checksum matches"
  };

  @ParentCommand DbMigrate parent;
  @Spec CommandSpec spec;
  @Mixin ConnectionOptions connection;
  @Mixin MigrationsOption migrations;
  @Mixin FlywayOptions flyway;

  @Option(
      names = "--output",
      paramLabel = "text|json",
      defaultValue = "text",
      description = "How to print it (default: ${DEFAULT-VALUE}).")
  PlanCommand.Output output;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    RunOptions options =
        flyway.applyTo(migrations.runOptions(parent.environment()), parent.environment());
    try {
      InfoResult info =
          connection.connect(
              parent.environment(),
              spec.commandLine(),
              settings -> new InfoReader().read(settings, options),
              message -> {
                throw new CommandFailedException(message);
              });
      out.print(
          output == PlanCommand.Output.json ? json(info) + System.lineSeparator() : text(info));
      return 0;
    } catch (CommandFailedException e) {
      err.println("info failed: " + e.getMessage());
      return 1;
    }
  }

  static String json(InfoResult info) {
    try {
      return new ObjectMapper().writeValueAsString(info);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write info", e);
    }
  }

  static String text(InfoResult info) {
    List<String[]> rows = new ArrayList<>();
    rows.add(HEADINGS);
    for (InfoResult.Entry migration : info.migrations()) {
      rows.add(
          new String[] {
            migration.repeatable() ? "Repeatable" : "Versioned",
            migration.version() == null ? "" : migration.version(),
            migration.description() == null ? "" : migration.description(),
            migration.type(),
            migration.installedOn() == null
                ? ""
                : migration.installedOn().replace('T', ' ').replaceFirst("(\\.\\d+)?Z$", ""),
            migration.state(),
            migration.checksumMatches() == null ? "—" : migration.checksumMatches() ? "yes" : "no"
          });
    }
    StringBuilder text = new StringBuilder();
    if (info.migrations().isEmpty()) {
      text.append("no migrations in the sources or the schema history")
          .append(System.lineSeparator());
    } else {
      table(rows, text);
    }
    return text.append(counts(info.counts())).append(System.lineSeparator()).toString();
  }

  private static void table(List<String[]> rows, StringBuilder text) {
    int[] widths = new int[HEADINGS.length];
    for (String[] row : rows) {
      for (int column = 0; column < row.length; column++) {
        widths[column] = Math.max(widths[column], row[column].length());
      }
    }
    for (String[] row : rows) {
      StringBuilder line = new StringBuilder();
      for (int column = 0; column < row.length; column++) {
        line.append(String.format("%-" + widths[column] + "s", row[column]));
        if (column < row.length - 1) {
          line.append(" | ");
        }
      }
      text.append(line.toString().stripTrailing()).append(System.lineSeparator());
    }
  }

  static String counts(InfoCounts counts) {
    StringBuilder line =
        new StringBuilder()
            .append(counts.applied())
            .append(" applied, ")
            .append(counts.pending())
            .append(" pending, ")
            .append(counts.failed())
            .append(" failed, ")
            .append(counts.outOfOrder())
            .append(" out of order, ")
            .append(counts.ignored())
            .append(" ignored, ")
            .append(counts.future())
            .append(" future, ")
            .append(counts.missing())
            .append(" missing");
    if (counts.baselineVersion() != null) {
      line.append("; baselined at ")
          .append(counts.baselineVersion())
          .append(" (")
          .append(counts.belowBaseline())
          .append(" below it)");
    } else if (counts.belowBaseline() > 0) {
      line.append("; ").append(counts.belowBaseline()).append(" below the baseline a run records");
    }
    return line.toString();
  }
}
