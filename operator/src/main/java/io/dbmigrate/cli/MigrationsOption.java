package io.dbmigrate.cli;

import io.dbmigrate.runner.RunOptions;
import java.util.Map;
import picocli.CommandLine.Mixin;

/** The migrations that info and repair compare the schema history with; no seeds, no target. */
final class MigrationsOption {
  @Mixin MigrationsSource migrations;

  /**
   * @param variables the process's environment variables: where registry credentials are found
   */
  RunOptions runOptions(Map<String, String> variables) {
    return migrations.applyTo(RunOptions.migrations(migrations.directories(), null), variables);
  }
}
