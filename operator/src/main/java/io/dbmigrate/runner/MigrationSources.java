package io.dbmigrate.runner;

import io.dbmigrate.config.MigrationFileNames;
import io.dbmigrate.registry.PulledImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitOption;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A private copy of the migration files from the given directories, for Flyway to read.
 *
 * <p>Why a copy: a ConfigMap volume holds every file three times — {@code V1__init.sql} is a link
 * to {@code ..data/V1__init.sql}, {@code ..data} a link to {@code ..2026_11_25_…/}, which holds the
 * real file. Flyway's scanner would find each migration more than once. Copying only the visible
 * entries finds each file once, and reads the sources at one moment, so a ConfigMap update during
 * the run cannot mix two versions of the sources.
 */
final class MigrationSources implements AutoCloseable {

  private final Path root;
  private final int directoryCount;
  private final int migrationCount;
  private final String image;

  private MigrationSources(Path root, int directoryCount, int migrationCount, String image) {
    this.root = root;
    this.directoryCount = directoryCount;
    this.migrationCount = migrationCount;
    this.image = image;
  }

  /** Copies the sources; fails with a clear message for a missing or empty directory. */
  static MigrationSources collect(List<Path> directories) {
    return collect(directories, MigrationFileNames.DEFAULT);
  }

  /** As above, counting migrations as {@code names} says they are named. */
  static MigrationSources collect(List<Path> directories, MigrationFileNames names) {
    if (directories == null || directories.isEmpty()) {
      throw new InvalidSourcesException("no migrations directory given");
    }
    for (Path directory : directories) {
      if (!Files.isDirectory(directory)) {
        throw new InvalidSourcesException(
            "migrations directory " + directory + " does not exist or is not a directory");
      }
    }
    return collect(
        directories,
        directories.stream().map(d -> "migrations directory " + d).toList(),
        names,
        null);
  }

  /** The migrations of a pulled image's path; the image's pinned name is kept for the result. */
  static MigrationSources collectImage(PulledImage pulled, String path, MigrationFileNames names) {
    String image = pulled.reference().pinnedName();
    return collect(
        List.of(pulled.directory()), List.of("path " + path + " of image " + image), names, image);
  }

  private static MigrationSources collect(
      List<Path> directories, List<String> described, MigrationFileNames names, String image) {
    Path root = createTemporaryRoot();
    try {
      int count = 0;
      for (int i = 0; i < directories.size(); i++) {
        int copied = copyVisibleFiles(directories.get(i), root.resolve(Integer.toString(i)), names);
        if (copied == 0) {
          throw new InvalidSourcesException(
              described.get(i) + " contains no migrations (" + names.naming() + ")");
        }
        count += copied;
      }
      return new MigrationSources(root, directories.size(), count, image);
    } catch (RuntimeException e) {
      delete(root);
      throw e;
    }
  }

  /**
   * Writes in-memory migration files (one map of file name to content per source, e.g. per
   * ConfigMap) into a private directory, in the same layout {@link #collect} produces.
   */
  static MigrationSources write(List<? extends Map<String, String>> sources) {
    return write(sources, MigrationFileNames.DEFAULT);
  }

  /** As above, counting migrations as {@code names} says they are named. */
  static MigrationSources write(
      List<? extends Map<String, String>> sources, MigrationFileNames names) {
    if (sources == null || sources.isEmpty()) {
      throw new InvalidSourcesException("no migration sources given");
    }
    Path root = createTemporaryRoot();
    try {
      int count = 0;
      for (int i = 0; i < sources.size(); i++) {
        Path directory = Files.createDirectories(root.resolve(Integer.toString(i)));
        for (Map.Entry<String, String> file : sources.get(i).entrySet()) {
          Path target = directory.resolve(file.getKey()).normalize();
          if (!target.getParent().equals(directory)) {
            throw new InvalidSourcesException(
                "migration file name " + file.getKey() + " is not a plain file name");
          }
          Files.writeString(target, file.getValue());
          if (names.isMigration(file.getKey())) {
            count++;
          }
        }
      }
      return new MigrationSources(root, sources.size(), count, null);
    } catch (IOException e) {
      delete(root);
      throw new InvalidSourcesException(
          "cannot write the migrations to a working directory: " + e.getMessage());
    } catch (RuntimeException e) {
      delete(root);
      throw e;
    }
  }

  /**
   * One Flyway location per source directory: Flyway records a script's path relative to its
   * location, and the history should say {@code V1__init.sql}, as the user named it.
   */
  String[] locations() {
    String[] locations = new String[directoryCount];
    for (int i = 0; i < directoryCount; i++) {
      locations[i] = "filesystem:" + root.resolve(Integer.toString(i));
    }
    return locations;
  }

  Path root() {
    return root;
  }

  int migrationCount() {
    return migrationCount;
  }

  /** {@code registry/repository@digest} of the image the migrations came from; null for others. */
  String image() {
    return image;
  }

  /**
   * The name of the first file (by name) whose text contains {@code text}, or null: for failures
   * Flyway reports without naming the file.
   */
  String firstFileContaining(String text) {
    try (Stream<Path> files = Files.walk(root)) {
      return files
          .filter(Files::isRegularFile)
          .sorted(Comparator.comparing(file -> file.getFileName().toString()))
          .filter(file -> contains(file, text))
          .map(file -> file.getFileName().toString())
          .findFirst()
          .orElse(null);
    } catch (IOException | UncheckedIOException e) {
      return null;
    }
  }

  private static boolean contains(Path file, String text) {
    try {
      return Files.readString(file).contains(text);
    } catch (IOException e) {
      return false;
    }
  }

  /** Returns how many migration files were copied. */
  private static int copyVisibleFiles(Path source, Path target, MigrationFileNames names) {
    List<Path> files = new ArrayList<>();
    try (Stream<Path> walk = Files.walk(source, FileVisitOption.FOLLOW_LINKS)) {
      walk.filter(path -> !isHiddenBelow(source, path))
          .filter(Files::isRegularFile)
          .forEach(files::add);
    } catch (IOException | UncheckedIOException e) {
      throw new InvalidSourcesException(
          "cannot read migrations directory " + source + ": " + e.getMessage());
    }
    int migrations = 0;
    for (Path file : files) {
      Path copy = target.resolve(source.relativize(file).toString());
      try {
        Files.createDirectories(copy.getParent());
        Files.copy(file, copy);
      } catch (IOException e) {
        throw new InvalidSourcesException("cannot read migration " + file + ": " + e.getMessage());
      }
      if (names.isMigration(file.getFileName().toString())) {
        migrations++;
      }
    }
    return migrations;
  }

  /**
   * Any path element below the source starting with '.' — {@code ..data}, {@code ..2026_…},
   * dotfiles.
   */
  private static boolean isHiddenBelow(Path source, Path path) {
    for (Path element : source.relativize(path)) {
      if (element.toString().startsWith(".")) {
        return true;
      }
    }
    return false;
  }

  private static Path createTemporaryRoot() {
    try {
      return Files.createTempDirectory("dbmigrate-sources-");
    } catch (IOException e) {
      throw new InvalidSourcesException(
          "cannot create a working directory for the migrations: " + e.getMessage());
    }
  }

  @Override
  public void close() {
    delete(root);
  }

  private static void delete(Path root) {
    try (Stream<Path> walk = Files.walk(root)) {
      walk.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
    } catch (IOException | UncheckedIOException e) {
      // A leftover temporary copy is harmless; the Job's container is thrown away anyway.
    }
  }

  /** The target or the sources cannot be used; found before any connection to the database. */
  static final class InvalidSourcesException extends RuntimeException {
    InvalidSourcesException(String message) {
      super(message);
    }
  }
}
