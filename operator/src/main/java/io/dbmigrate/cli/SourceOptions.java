package io.dbmigrate.cli;

import io.dbmigrate.config.Environments;
import io.dbmigrate.registry.DockerConfig;
import io.dbmigrate.runner.RunOptions;
import io.dbmigrate.runner.Seed;
import io.dbmigrate.runner.SourceImage;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

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

  /** One group per seed option, so that seeds from directories and images keep their order. */
  @ArgGroup(exclusive = true, multiplicity = "0..*")
  List<SeedOption> seeds;

  static final class SeedOption {
    @Option(
        names = "--seed",
        paramLabel = Seed.ARGUMENT_FORM,
        required = true,
        converter = SeedConverter.class,
        description = {
          "A seed: its .sql files run after the migrations in file-name order, new or changed files only;",
          "@ENV,… limits it to those environments. Repeatable; seeds run in the order given."
        })
    Seed directory;

    @Option(
        names = "--seed-image",
        paramLabel = Seed.IMAGE_ARGUMENT_FORM,
        required = true,
        converter = SeedImageConverter.class,
        description = {
          "A seed from an image or OCI artifact: the .sql files in its directory PATH (default "
              + SourceImage.SEEDS_PATH
              + "),",
          "pulled by digest before anything is applied; otherwise as --seed, and in the same order."
        })
    Seed image;

    Seed seed() {
      return directory != null ? directory : image;
    }
  }

  /**
   * @param variables the process's environment variables: where registry credentials are found
   */
  RunOptions runOptions(Path backupDir, Map<String, String> variables) {
    DockerConfig credentials = DockerConfig.fromEnvironment(variables);
    List<Seed> inOrder =
        seeds == null
            ? List.of()
            : seeds.stream().map(option -> option.seed().withCredentials(credentials)).toList();
    return migrations.applyTo(
        new RunOptions(migrations.directories(), target.version, environment, inOrder, backupDir),
        variables);
  }

  /** picocli reports the message as a usage error (exit 2). */
  static final class SeedConverter implements ITypeConverter<Seed> {
    @Override
    public Seed convert(String value) {
      try {
        return Seed.parse(value);
      } catch (IllegalArgumentException e) {
        throw new TypeConversionException(e.getMessage());
      }
    }
  }

  /** picocli reports the message as a usage error (exit 2). */
  static final class SeedImageConverter implements ITypeConverter<Seed> {
    @Override
    public Seed convert(String value) {
      try {
        return Seed.parseImage(value);
      } catch (IllegalArgumentException e) {
        throw new TypeConversionException(e.getMessage());
      }
    }
  }
}
