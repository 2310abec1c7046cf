package io.dbmigrate.runner;

import java.util.Arrays;
import java.util.List;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationInfoService;
import org.flywaydb.core.api.MigrationState;

/**
 * A migration the next run would apply.
 *
 * @param version null for a repeatable migration
 * @param script the file name
 * @param checksum Flyway's checksum of the file
 */
public record PendingMigration(String version, String script, Integer checksum) {

  /** New migrations up to the target, and repeatable ones whose file changed, in Flyway's order. */
  static List<PendingMigration> of(MigrationInfoService info) {
    return Arrays.stream(info.all())
        .filter(
            m -> m.getState() == MigrationState.PENDING || m.getState() == MigrationState.OUTDATED)
        .map(PendingMigration::of)
        .toList();
  }

  private static PendingMigration of(MigrationInfo migration) {
    return new PendingMigration(
        migration.getVersion() == null ? null : migration.getVersion().getVersion(),
        migration.getScript() == null ? null : ValidationErrors.fileName(migration.getScript()),
        migration.getChecksum());
  }
}
