package io.dbmigrate.runner;

import io.dbmigrate.config.Environments;
import io.dbmigrate.config.Targets;
import java.nio.file.Path;
import java.util.List;

/**
 * What a run is asked to do.
 *
 * @param migrationDirs directories of Flyway migrations
 * @param target {@code latest} (or null) for everything, else the version to stop at
 * @param environment the run's environment; decides which seeds apply (default production)
 * @param seeds seeds to apply after the migrations, in this order
 * @param backupDir where to {@code pg_dump} before changing anything; null for no backup
 */
public record RunOptions(
    List<Path> migrationDirs, String target, String environment, List<Seed> seeds, Path backupDir) {
  public RunOptions {
    migrationDirs = migrationDirs == null ? List.of() : List.copyOf(migrationDirs);
    target = Targets.orLatest(target);
    environment =
        environment == null || environment.isBlank() ? Environments.DEFAULT : environment.strip();
    seeds = seeds == null ? List.of() : List.copyOf(seeds);
  }

  /** Migrations only, as before seeds existed. */
  public static RunOptions migrations(List<Path> migrationDirs, String target) {
    return new RunOptions(migrationDirs, target, null, List.of(), null);
  }
}
