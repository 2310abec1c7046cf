package io.dbmigrate.cli;

import io.dbmigrate.runner.RunOptions;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Option;

/** The migrations that info and repair compare the schema history with; no seeds, no target. */
final class MigrationsOption {
  @Option(
      names = "--migrations",
      paramLabel = "DIR",
      required = true,
      description = "Directory of V<version>__<name>.sql and R__<name>.sql files; repeatable.")
  List<Path> migrationDirs;

  RunOptions runOptions() {
    return RunOptions.migrations(migrationDirs, null);
  }
}
