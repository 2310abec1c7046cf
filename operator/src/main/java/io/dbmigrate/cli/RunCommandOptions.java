package io.dbmigrate.cli;

import java.nio.file.Path;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** What migrate, plan and reset share: the database, what to apply and where the result goes. */
final class RunCommandOptions {
  @Mixin ConnectionOptions connection;
  @Mixin SourceOptions sources;

  @Option(
      names = "--result-file",
      paramLabel = "FILE",
      description = "Where to write the JSON result; default: /dev/termination-log when it exists.")
  Path resultFile;
}
