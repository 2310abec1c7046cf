package io.dbmigrate.runner;

import io.dbmigrate.config.MigrationFileNames;
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
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Migrations from an image: resolves a tag to its digest, pulls the path into a temporary
 * directory, takes the same private copy as from a directory, and deletes the pull. Whatever goes
 * wrong becomes an {@link MigrationSources.InvalidSourcesException}, before any connection to the
 * database.
 */
final class ImageMigrations {
  private static final Logger log = LoggerFactory.getLogger(ImageMigrations.class);

  private ImageMigrations() {}

  static MigrationSources collect(MigrationImage image, MigrationFileNames names) {
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
      PulledImage pulled = registry.pull(pinned, image.path(), credentials, pullDirectory);
      MigrationSources sources = MigrationSources.collectImage(pulled, image.path(), names);
      log.info(
          "pulled {} migrations from {} (path {})",
          sources.migrationCount(),
          pinned.pinnedName(),
          image.path());
      return sources;
    } catch (RegistryException e) {
      throw new MigrationSources.InvalidSourcesException(e.getMessage());
    } catch (IOException e) {
      throw new MigrationSources.InvalidSourcesException(
          "cannot create a working directory for the image: " + e.getMessage());
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
