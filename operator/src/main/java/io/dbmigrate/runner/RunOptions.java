package io.dbmigrate.runner;

import io.dbmigrate.config.Environments;
import io.dbmigrate.config.FlywaySettings;
import io.dbmigrate.config.LockPolicy;
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
 * @param backupDir where to dump the database to before changing anything; null for no backup
 * @param lockPolicy lock and statement timeouts of each migration, and its retries
 * @param applicationName what the migration sessions call themselves in {@code pg_stat_activity}
 * @param flyway the user's Flyway settings (placeholders, schemas, history table, ...)
 * @param migrationImage the image to pull the migrations from instead of the directories; null when
 *     they come from directories
 */
public record RunOptions(
    List<Path> migrationDirs,
    String target,
    String environment,
    List<Seed> seeds,
    Path backupDir,
    LockPolicy lockPolicy,
    String applicationName,
    FlywaySettings flyway,
    SourceImage migrationImage) {
  public static final String DEFAULT_APPLICATION_NAME = "dbmigrate";

  public RunOptions {
    migrationDirs = migrationDirs == null ? List.of() : List.copyOf(migrationDirs);
    target = Targets.orLatest(target);
    environment =
        environment == null || environment.isBlank() ? Environments.DEFAULT : environment.strip();
    seeds = seeds == null ? List.of() : List.copyOf(seeds);
    lockPolicy = lockPolicy == null ? LockPolicy.DEFAULT : lockPolicy;
    applicationName =
        applicationName == null || applicationName.isBlank()
            ? DEFAULT_APPLICATION_NAME
            : applicationName.strip();
    flyway = flyway == null ? FlywaySettings.NONE : flyway;
  }

  /** Migrations from directories. */
  public RunOptions(
      List<Path> migrationDirs,
      String target,
      String environment,
      List<Seed> seeds,
      Path backupDir,
      LockPolicy lockPolicy,
      String applicationName,
      FlywaySettings flyway) {
    this(
        migrationDirs,
        target,
        environment,
        seeds,
        backupDir,
        lockPolicy,
        applicationName,
        flyway,
        null);
  }

  /** With the default lock policy and application name. */
  public RunOptions(
      List<Path> migrationDirs,
      String target,
      String environment,
      List<Seed> seeds,
      Path backupDir) {
    this(migrationDirs, target, environment, seeds, backupDir, null, null, null);
  }

  /** Migrations only, as before seeds existed. */
  public static RunOptions migrations(List<Path> migrationDirs, String target) {
    return new RunOptions(migrationDirs, target, null, List.of(), null);
  }

  public RunOptions withLockPolicy(LockPolicy policy) {
    return new RunOptions(
        migrationDirs,
        target,
        environment,
        seeds,
        backupDir,
        policy,
        applicationName,
        flyway,
        migrationImage);
  }

  public RunOptions withApplicationName(String name) {
    return new RunOptions(
        migrationDirs,
        target,
        environment,
        seeds,
        backupDir,
        lockPolicy,
        name,
        flyway,
        migrationImage);
  }

  public RunOptions withFlyway(FlywaySettings settings) {
    return new RunOptions(
        migrationDirs,
        target,
        environment,
        seeds,
        backupDir,
        lockPolicy,
        applicationName,
        settings,
        migrationImage);
  }

  /** Migrations from {@code image} instead of directories. */
  public RunOptions withMigrationImage(SourceImage image) {
    return new RunOptions(
        List.of(),
        target,
        environment,
        seeds,
        backupDir,
        lockPolicy,
        applicationName,
        flyway,
        image);
  }
}
