package io.dbmigrate.runner;

import io.dbmigrate.db.Redactor;
import io.dbmigrate.registry.ImageReference;
import io.dbmigrate.registry.ImageRegistry;
import io.dbmigrate.registry.PulledImage;
import io.dbmigrate.registry.RegistryCredentials;
import io.dbmigrate.registry.RegistryException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * Pulls a source image for the migrations or a seed: resolves a tag to its digest, pulls the path
 * into a temporary directory, lets the caller take what it needs from it, and deletes the pull.
 * Whatever goes wrong becomes an {@link MigrationSources.InvalidSourcesException}, before any
 * connection to the database.
 */
final class ImagePull {
  private ImagePull() {}

  /**
   * @param prefix what the pull's own failures start with, such as {@code "seed demo: "}
   * @param read takes what it needs from the pulled path; it must not keep the directory
   */
  static <T> T read(SourceImage image, String prefix, Function<PulledImage, T> read) {
    ImageRegistry registry = new ImageRegistry();
    Path pullDirectory = null;
    try {
      RegistryCredentials credentials =
          image.credentials().credentialsFor(image.reference().registry()).orElse(null);
      if (credentials != null) {
        Redactor.process().remember(credentials.password());
      }
      ImageReference reference = image.reference();
      ImageReference pinned =
          reference.pinned()
              ? reference
              : reference.withDigest(registry.resolve(reference, credentials));
      pullDirectory = Files.createTempDirectory("dbmigrate-image-");
      return read.apply(registry.pull(pinned, image.path(), credentials, pullDirectory));
    } catch (RegistryException e) {
      throw new MigrationSources.InvalidSourcesException(prefix + e.getMessage());
    } catch (IOException e) {
      throw new MigrationSources.InvalidSourcesException(
          prefix + "cannot create a working directory for the image: " + e.getMessage());
    } finally {
      delete(pullDirectory);
    }
  }

  private static void delete(Path directory) {
    if (directory == null) {
      return;
    }
    try (Stream<Path> walk = Files.walk(directory)) {
      walk.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
    } catch (IOException | UncheckedIOException e) {
      // a leftover pull is harmless; the Job's container is thrown away anyway
    }
  }
}
