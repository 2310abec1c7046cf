package io.dbmigrate.runner;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A seed with its files, read before the run connects: a missing directory or an image that cannot
 * be pulled fails the run before anything changes, and a ConfigMap update during the run cannot mix
 * two versions. A seed for another environment is not read at all.
 *
 * @param files the {@code .sql} files in file-name order; empty when skipped
 */
record SeedSource(Seed seed, boolean skipped, List<SeedFile> files) {
  private static final Logger log = LoggerFactory.getLogger(SeedSource.class);

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
    if (seed.image() == null) {
      return read(seed, seed.directory(), "directory " + seed.directory());
    }
    return ImagePull.read(
        seed.image(),
        "seed " + seed.name() + ": ",
        pulled -> {
          String image = pulled.reference().pinnedName();
          SeedSource source =
              read(seed, pulled.directory(), "path " + seed.image().path() + " of image " + image);
          log.info(
              "pulled {} files of seed {} from {} (path {})",
              source.files().size(),
              seed.name(),
              image,
              seed.image().path());
          return source;
        });
  }

  /**
   * @param described the directory as messages name it
   */
  private static SeedSource read(Seed seed, Path directory, String described) {
    if (!Files.isDirectory(directory)) {
      throw new MigrationSources.InvalidSourcesException(
          "seed " + seed.name() + ": " + described + " does not exist or is not a directory");
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
          "seed " + seed.name() + ": cannot read " + described + ": " + e.getMessage());
    }
    if (paths.isEmpty()) {
      throw new MigrationSources.InvalidSourcesException(
          "seed " + seed.name() + ": " + described + " contains no .sql files");
    }
    List<SeedFile> files = new ArrayList<>();
    for (Path path : paths) {
      try {
        files.add(SeedFile.of(path.getFileName().toString(), Files.readAllBytes(path)));
      } catch (IOException e) {
        throw new MigrationSources.InvalidSourcesException(
            "seed "
                + seed.name()
                + ": cannot read "
                + path.getFileName()
                + " in "
                + described
                + ": "
                + e.getMessage());
      }
    }
    return new SeedSource(seed, false, List.copyOf(files));
  }
}
