package io.dbmigrate.runner;

/**
 * One seed's outcome in a run; part of the JSON contract with the reconciler.
 *
 * @param name the seed's name
 * @param status what happened to it
 * @param files the seed's {@code .sql} files (0 when they were not read)
 * @param appliedFiles files this run applied (new or changed); unchanged files are skipped
 * @param failedFile the file that failed, when the status is Failed
 * @param message why it failed, when the status is Failed
 */
public record SeedResult(
    String name,
    SeedOutcome status,
    int files,
    int appliedFiles,
    String failedFile,
    String message) {

  static SeedResult applied(String name, int files, int appliedFiles) {
    return new SeedResult(name, SeedOutcome.Applied, files, appliedFiles, null, null);
  }

  static SeedResult skipped(String name) {
    return new SeedResult(name, SeedOutcome.Skipped, 0, 0, null, null);
  }

  static SeedResult notRun(String name, int files) {
    return new SeedResult(name, SeedOutcome.NotRun, files, 0, null, null);
  }

  SeedResult withMessage(String shorter) {
    return new SeedResult(name, status, files, appliedFiles, failedFile, shorter);
  }
}
