package io.dbmigrate.runner;

import io.dbmigrate.config.Targets;
import java.util.List;

/**
 * What a run or a plan reads before it connects: the target checked, the seeds and a private copy
 * of the migrations. Closing deletes the copy.
 */
record RunInputs(List<SeedSource> seeds, MigrationSources migrations) implements AutoCloseable {

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
        : ImageMigrations.collect(options.migrationImage(), options.flyway().fileNames());
  }

  @Override
  public void close() {
    migrations.close();
  }
}
