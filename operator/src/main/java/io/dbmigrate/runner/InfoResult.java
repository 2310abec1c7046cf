package io.dbmigrate.runner;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationInfoService;

/**
 * What {@code dbmigrate info} shows: every migration in the sources and the history, in Flyway's
 * order, and the counts.
 */
public record InfoResult(List<Entry> migrations, InfoCounts counts) {
  public InfoResult {
    migrations = List.copyOf(migrations);
  }

  /**
   * One row of Flyway's info table.
   *
   * @param version null for a repeatable migration
   * @param type SQL, SQL repeatable, BASELINE, ...
   * @param script the file name, as recorded or found
   * @param installedOn when it ran (ISO-8601, UTC), null when it did not
   * @param state Flyway's state: Success, Pending, Failed, Outdated, Missing, Baseline, ...
   * @param checksumMatches whether the file is as it was applied; null when there is no applied
   *     checksum and file to compare
   */
  public record Entry(
      String version,
      String description,
      String type,
      String script,
      String installedOn,
      String state,
      Boolean checksumMatches,
      boolean repeatable) {}

  static InfoResult of(MigrationInfoService info) {
    return new InfoResult(
        Arrays.stream(info.all()).map(InfoResult::entry).toList(), InfoCounts.of(info));
  }

  private static Entry entry(MigrationInfo migration) {
    boolean comparable =
        migration.isApplied()
            && migration.getAppliedChecksum() != null
            && migration.getResolvedChecksum() != null;
    return new Entry(
        migration.getVersion() == null ? null : migration.getVersion().getVersion(),
        migration.getDescription(),
        migration.getType().name() + (migration.isRepeatable() ? " repeatable" : ""),
        migration.getScript() == null ? null : ValidationErrors.fileName(migration.getScript()),
        migration.getInstalledOn() == null
            ? null
            : Instant.ofEpochMilli(migration.getInstalledOn().getTime()).toString(),
        migration.getState().getDisplayName(),
        comparable ? migration.isChecksumMatching() : null,
        migration.isRepeatable());
  }
}
