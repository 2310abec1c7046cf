package io.dbmigrate.cli;

import io.dbmigrate.config.Environments;
import io.dbmigrate.runner.RunOptions;
import io.dbmigrate.runner.Seed;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** What to apply, shared by migrate, plan and reset: migrations, target, environment and seeds. */
final class SourceOptions {
  @Mixin MigrationsSource migrations;

  @Mixin TargetOption target;

  @Option(
      names = "--environment",
      paramLabel = "ENV",
      defaultValue = Environments.DEFAULT,
      description = "The environment: decides which seeds run (default: ${DEFAULT-VALUE}).")
  String environment;

  @Option(
      names = "--seed",
      paramLabel = Seed.ARGUMENT_FORM,
      converter = SeedConverter.class,
      description = {
        "A seed: its .sql files run after the migrations in file-name order, new or changed files only;",
        "@ENV,… limits it to those environments. Repeatable; seeds run in the order given."
      })
  List<Seed> seeds;

  /**
   * @param variables the process's environment variables: where registry credentials are found
   */
  RunOptions runOptions(Path backupDir, Map<String, String> variables) {
    return migrations.applyTo(
        new RunOptions(migrations.directories(), target.version, environment, seeds, backupDir),
        variables);
  }

  /** picocli reports the exception's message as a usage error (exit 2). */
  static final class SeedConverter implements ITypeConverter<Seed> {
    @Override
    public Seed convert(String value) {
      return Seed.parse(value);
    }
  }
}
