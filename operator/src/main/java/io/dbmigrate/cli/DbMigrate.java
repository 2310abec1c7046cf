package io.dbmigrate.cli;

import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code dbmigrate} command. The process environment is passed in rather than read
 * globally, so tests (and the kubelet fixture) can run a command with a Job's environment.
 */
@Command(
    name = "dbmigrate",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = "Applies database migrations before applications roll out.",
    subcommands = {MigrateCommand.class, HealthCommand.class, OperatorCommand.class})
public final class DbMigrate implements Runnable {
  private final Map<String, String> environment;

  public DbMigrate(Map<String, String> environment) {
    this.environment = Map.copyOf(environment);
  }

  public static CommandLine commandLine(Map<String, String> environment) {
    return new CommandLine(new DbMigrate(environment)).setCaseInsensitiveEnumValuesAllowed(true);
  }

  Map<String, String> environment() {
    return environment;
  }

  @Override
  public void run() {
    throw new CommandLine.ParameterException(
        new CommandLine(this), "Missing command: migrate, health or operator");
  }
}
