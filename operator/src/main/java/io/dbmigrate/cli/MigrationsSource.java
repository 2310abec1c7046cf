package io.dbmigrate.cli;

import io.dbmigrate.registry.DockerConfig;
import io.dbmigrate.registry.ImageReference;
import io.dbmigrate.registry.RegistryException;
import io.dbmigrate.runner.RunOptions;
import io.dbmigrate.runner.SourceImage;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;

/**
 * Where the migrations come from: directories ({@code --migrations}) or one image or OCI artifact
 * ({@code --migrations-image}) — exactly one of the two, so that what runs is never a mix.
 */
final class MigrationsSource {
  @Spec(Spec.Target.MIXEE)
  CommandSpec spec;

  @ArgGroup(exclusive = true, multiplicity = "1")
  Choice choice;

  @Option(
      names = "--migrations-image-path",
      paramLabel = "PATH",
      description =
          "The directory in the image that holds the migrations (default: "
              + SourceImage.MIGRATIONS_PATH
              + ").")
  String imagePath;

  static final class Choice {
    @Option(
        names = "--migrations",
        paramLabel = "DIR",
        required = true,
        description = "Directory of V<version>__<name>.sql and R__<name>.sql files; repeatable.")
    List<Path> directories;

    @Option(
        names = "--migrations-image",
        paramLabel = "REF",
        required = true,
        converter = ReferenceConverter.class,
        description = {
          "Image or OCI artifact with the migrations, [registry/]repository[:tag][@sha256:digest];",
          "a tag is resolved to its digest first. Credentials: the Docker config file",
          "(DOCKER_CONFIG or ~/.docker/config.json). Plain HTTP only for loopback registries."
        })
    ImageReference image;
  }

  /** These sources in {@code options}; credentials as the environment variables say. */
  RunOptions applyTo(RunOptions options, Map<String, String> variables) {
    if (choice.image == null) {
      if (imagePath != null) {
        throw new ParameterException(
            spec.commandLine(), "--migrations-image-path needs --migrations-image");
      }
      return options;
    }
    return options.withMigrationImage(
        SourceImage.migrations(choice.image, imagePath, DockerConfig.fromEnvironment(variables)));
  }

  List<Path> directories() {
    return choice.directories;
  }

  /** picocli reports the message as a usage error (exit 2). */
  static final class ReferenceConverter implements ITypeConverter<ImageReference> {
    @Override
    public ImageReference convert(String value) {
      try {
        return ImageReference.parse(value);
      } catch (RegistryException e) {
        throw new TypeConversionException(e.getMessage());
      }
    }
  }
}
