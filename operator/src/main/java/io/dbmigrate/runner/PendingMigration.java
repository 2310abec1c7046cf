package io.dbmigrate.runner;

import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationInfoService;
import org.flywaydb.core.api.MigrationState;

/**
 * A migration the next run would apply.
 *
 * @param version null for a repeatable migration
 * @param script the file name
 * @param checksum Flyway's checksum of the file
 * @param repeatable whether it is a repeatable migration: it runs again whenever its file changes
 * @param changed for a repeatable migration, whether it ran before and its file changed since
 */
public record PendingMigration(
    String version, String script, Integer checksum, boolean repeatable, boolean changed) {

  /** A versioned migration, or a repeatable one that never ran. */
  public PendingMigration(String version, String script, Integer checksum) {
    this(version, script, checksum, version == null, false);
  }

  /** New migrations up to the target, and repeatable ones whose file changed, in Flyway's order. */
  static List<PendingMigration> of(MigrationInfoService info) {
    MigrationInfo[] all = info.all();
    Set<String> outdated =
        Arrays.stream(all)
            .filter(m -> m.getState() == MigrationState.OUTDATED && m.getScript() != null)
            .map(m -> ValidationErrors.fileName(m.getScript()))
            .collect(Collectors.toSet());
    return Arrays.stream(all).filter(InfoCounts::isPending).map(m -> of(m, outdated)).toList();
  }

  private static PendingMigration of(MigrationInfo migration, Set<String> outdated) {
    String script =
        migration.getScript() == null ? null : ValidationErrors.fileName(migration.getScript());
    return new PendingMigration(
        migration.getVersion() == null ? null : migration.getVersion().getVersion(),
        script,
        migration.getChecksum(),
        migration.isRepeatable(),
        migration.isRepeatable() && outdated.contains(script));
  }
}
