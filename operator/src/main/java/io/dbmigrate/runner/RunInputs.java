package io.dbmigrate.runner;

import io.dbmigrate.config.MigrationFileNames;
import io.dbmigrate.config.Targets;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a run or a plan reads before it connects: the target checked, the seeds and a private copy
 * of the migrations. Closing deletes the copy.
 */
record RunInputs(List<SeedSource> seeds, MigrationSources migrations) implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(RunInputs.class);

  /**
   * @throws MigrationSources.InvalidSourcesException for a bad target or unusable sources
   */
  static RunInputs read(RunOptions options) {
    if (!Targets.isValid(options.target())) {
      throw new MigrationSources.InvalidSourcesException(
          "invalid target '" + options.target() + "': use latest or a version such as 3 or 1.2");
    }
    List<SeedSource> seeds = SeedSource.readAll(options.seeds(), options.environment());
    return new RunInputs(seeds, migrations(options));
  }

  /** The migrations of the run: its directories, or the image it names. */
  static MigrationSources migrations(RunOptions options) {
    return options.migrationImage() == null
        ? MigrationSources.collect(options.migrationDirs(), options.flyway().fileNames())
        : fromImage(options.migrationImage(), options.flyway().fileNames());
  }

  private static MigrationSources fromImage(SourceImage image, MigrationFileNames names) {
    MigrationSources sources =
        ImagePull.read(
            image, "", pulled -> MigrationSources.collectImage(pulled, image.path(), names));
    log.info(
        "pulled {} migrations from {} (path {})",
        sources.migrationCount(),
        sources.image(),
        image.path());
    return sources;
  }

  @Override
  public void close() {
    migrations.close();
  }
}
