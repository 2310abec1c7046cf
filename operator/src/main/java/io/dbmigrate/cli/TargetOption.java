package io.dbmigrate.cli;

import io.dbmigrate.config.Targets;
import picocli.CommandLine.Option;

/**
 * The version migrations go to: what migrate applies up to, what health expects the database at.
 */
final class TargetOption {
  @Option(
      names = "--target",
      paramLabel = "latest|VERSION",
      defaultValue = Targets.LATEST,
      description = "Version to migrate to (default: ${DEFAULT-VALUE}).")
  String version;
}
