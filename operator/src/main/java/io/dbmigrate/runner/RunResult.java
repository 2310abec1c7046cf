package io.dbmigrate.runner;

import java.util.List;

/**
 * What one migration run did: the contract between the Job and the reconciler, which reads it as
 * JSON from the pod's termination message. Field names are part of that contract.
 *
 * @param status Succeeded or Failed
 * @param currentVersion the database's schema version after the run, null when it has none
 * @param applied migrations applied by this run, in order (possibly cut short, see truncated)
 * @param appliedCount how many migrations this run applied, even when {@code applied} is cut
 * @param totalApplied successful versioned and repeatable migrations now in the history
 * @param pending migrations still pending after the run
 * @param durationMs wall time of the run
 * @param error why the run failed, null on success
 * @param truncated whether entries of {@code applied} or text of messages were dropped to fit 4 KiB
 * @param seeds the seeds, in the order given, each Applied, Skipped, Failed or NotRun
 * @param backup the dump taken before anything changed, null when none was taken
 * @param migrationsImage {@code registry/repository@digest} the migrations were pulled from; null
 *     when they came from directories or the pull failed
 */
public record RunResult(
    Status status,
    String currentVersion,
    List<AppliedMigration> applied,
    int appliedCount,
    int totalApplied,
    int pending,
    long durationMs,
    RunError error,
    boolean truncated,
    List<SeedResult> seeds,
    BackupResult backup,
    String migrationsImage) {

  public enum Status {
    Succeeded,
    Failed
  }

  /** A migration applied by this run; version is null for a repeatable migration. */
  public record AppliedMigration(
      String version, String description, String script, long durationMs) {}

  /** Why a run failed; version and script are null when the failure is not about one migration. */
  public record RunError(String version, String script, String message) {
    public static RunError of(String message) {
      return new RunError(null, null, message);
    }
  }

  public RunResult {
    applied = applied == null ? List.of() : List.copyOf(applied);
    // Results written before seeds existed have no seeds: read them as none.
    seeds = seeds == null ? List.of() : List.copyOf(seeds);
  }

  /** A result of migrations from directories. */
  public RunResult(
      Status status,
      String currentVersion,
      List<AppliedMigration> applied,
      int appliedCount,
      int totalApplied,
      int pending,
      long durationMs,
      RunError error,
      boolean truncated,
      List<SeedResult> seeds,
      BackupResult backup) {
    this(
        status,
        currentVersion,
        applied,
        appliedCount,
        totalApplied,
        pending,
        durationMs,
        error,
        truncated,
        seeds,
        backup,
        null);
  }

  public static RunResult succeeded(
      String currentVersion,
      List<AppliedMigration> applied,
      int totalApplied,
      int pending,
      long durationMs) {
    return of(Status.Succeeded, currentVersion, applied, totalApplied, pending, durationMs, null);
  }

  /** A failed run, with the database's state as far as it could still be read. */
  public static RunResult failed(
      RunError error,
      String currentVersion,
      List<AppliedMigration> applied,
      int totalApplied,
      int pending,
      long durationMs) {
    return of(Status.Failed, currentVersion, applied, totalApplied, pending, durationMs, error);
  }

  /** A run that failed before it could look at the database (bad input, unreachable host). */
  public static RunResult failedBeforeStart(RunError error, long durationMs) {
    return failed(error, null, List.of(), 0, 0, durationMs);
  }

  private static RunResult of(
      Status status,
      String currentVersion,
      List<AppliedMigration> applied,
      int totalApplied,
      int pending,
      long durationMs,
      RunError error) {
    int appliedCount = applied.size();
    return new RunResult(
        status,
        currentVersion,
        applied,
        appliedCount,
        totalApplied,
        pending,
        durationMs,
        error,
        false,
        List.of(),
        null);
  }

  RunResult withSeeds(List<SeedResult> newSeeds) {
    return copy(status, applied, durationMs, error, truncated, newSeeds, backup);
  }

  RunResult withBackup(BackupResult newBackup) {
    return copy(status, applied, durationMs, error, truncated, seeds, newBackup);
  }

  RunResult withMigrationsImage(String image) {
    return new RunResult(
        status,
        currentVersion,
        applied,
        appliedCount,
        totalApplied,
        pending,
        durationMs,
        error,
        truncated,
        seeds,
        backup,
        image);
  }

  RunResult withDuration(long newDurationMs) {
    return copy(status, applied, newDurationMs, error, truncated, seeds, backup);
  }

  /** This result, failed for the given reason after what it reports was done. */
  RunResult failedWith(RunError newError) {
    return copy(Status.Failed, applied, durationMs, newError, truncated, seeds, backup);
  }

  /** Only the first {@code keep} entries of {@code applied}; {@code appliedCount} stays. */
  RunResult withFirstApplied(int keep) {
    boolean cut = truncated || keep < applied.size();
    return copy(status, applied.subList(0, keep), durationMs, error, cut, seeds, backup);
  }

  /** The same result with messages cut to fit: marked truncated. */
  RunResult withShortenedMessages(List<SeedResult> newSeeds, RunError newError) {
    return copy(status, applied, durationMs, newError, true, newSeeds, backup);
  }

  /** The one copy the withers share: what no wither changes is taken from this result. */
  private RunResult copy(
      Status newStatus,
      List<AppliedMigration> newApplied,
      long newDurationMs,
      RunError newError,
      boolean newTruncated,
      List<SeedResult> newSeeds,
      BackupResult newBackup) {
    return new RunResult(
        newStatus,
        currentVersion,
        newApplied,
        appliedCount,
        totalApplied,
        pending,
        newDurationMs,
        newError,
        newTruncated,
        newSeeds,
        newBackup,
        migrationsImage);
  }

  public boolean succeeded() {
    return status == Status.Succeeded;
  }
}
