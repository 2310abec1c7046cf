package io.dbmigrate.runner;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A seed with its files, read before the run connects: a missing directory fails the run before
 * anything changes, and a ConfigMap update during the run cannot mix two versions. A seed for
 * another environment is not read at all.
 *
 * @param files the {@code .sql} files in file-name order; empty when skipped
 */
record SeedSource(Seed seed, boolean skipped, List<SeedFile> files) {

  static List<SeedSource> readAll(List<Seed> seeds, String environment) {
    List<SeedSource> sources = new ArrayList<>();
    for (Seed seed : seeds) {
      sources.add(seed.appliesTo(environment) ? read(seed) : new SeedSource(seed, true, List.of()));
    }
    return List.copyOf(sources);
  }

  /** Files that are new or whose content differs from what the history recorded. */
  List<SeedFile> filesToApply(Map<String, String> recordedChecksums) {
    return files.stream()
        .filter(f -> !f.checksum().equals(recordedChecksums.get(f.name())))
        .toList();
  }

  String name() {
    return seed.name();
  }

  private static SeedSource read(Seed seed) {
    Path directory = seed.directory();
    if (!Files.isDirectory(directory)) {
      throw new MigrationSources.InvalidSourcesException(
          "seed "
              + seed.name()
              + ": directory "
              + directory
              + " does not exist or is not a directory");
    }
    List<Path> paths;
    // Only the top level, as a ConfigMap mount shows it; '..data' and other dot entries are
    // skipped.
    try (Stream<Path> list = Files.list(directory)) {
      paths =
          list.filter(p -> !p.getFileName().toString().startsWith("."))
              .filter(p -> p.getFileName().toString().endsWith(".sql"))
              .filter(Files::isRegularFile)
              .sorted(Comparator.comparing(p -> p.getFileName().toString()))
              .toList();
    } catch (IOException e) {
      throw new MigrationSources.InvalidSourcesException(
          "seed " + seed.name() + ": cannot read directory " + directory + ": " + e.getMessage());
    }
    if (paths.isEmpty()) {
      throw new MigrationSources.InvalidSourcesException(
          "seed " + seed.name() + ": directory " + directory + " contains no .sql files");
    }
    List<SeedFile> files = new ArrayList<>();
    for (Path path : paths) {
      try {
        files.add(SeedFile.of(path.getFileName().toString(), Files.readAllBytes(path)));
      } catch (IOException e) {
        throw new MigrationSources.InvalidSourcesException(
            "seed " + seed.name() + ": cannot read " + path + ": " + e.getMessage());
      }
    }
    return new SeedSource(seed, false, List.copyOf(files));
  }
}
