package io.dbmigrate.runner;

import io.dbmigrate.db.ConnectionSettings;
import io.dbmigrate.runner.RepairResult.Repaired;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationState;
import org.flywaydb.core.api.output.RepairOutput;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Flyway's repair: deletes failed entries from the schema history and realigns the checksums,
 * descriptions and types of applied entries with their files. It changes the history only, never
 * the schema. Refused when applied migrations are missing from the sources: Flyway would mark them
 * deleted, and sources of an older release would hide what a newer one applied.
 */
public final class Repairer {
  private static final Logger log = LoggerFactory.getLogger(Repairer.class);

  /** Never throws for an expected failure: it comes back as a failed result. */
  public RepairResult repair(ConnectionSettings settings, RunOptions options) {
    try {
      RepairResult result =
          FlywayCommand.withMigrations(settings, options, (flyway, c) -> repair(flyway));
      log.info(
          "repaired the schema history of {}: {} failed entries removed, {} realigned",
          settings.describe(),
          result.removed().size(),
          result.realigned().size());
      return result;
    } catch (CommandFailedException e) {
      log.warn("repair failed: {}", e.getMessage());
      return RepairResult.failed(e.getMessage());
    }
  }

  private static RepairResult repair(Flyway flyway) {
    List<MigrationInfo> before = Arrays.asList(flyway.info().all());
    List<MigrationInfo> missing =
        before.stream()
            .filter(
                m ->
                    m.getState() == MigrationState.MISSING_SUCCESS
                        || m.getState() == MigrationState.FUTURE_SUCCESS)
            .toList();
    if (!missing.isEmpty()) {
      throw new CommandFailedException(
          missing.stream().map(Repairer::name).collect(Collectors.joining(", "))
              + (missing.size() == 1 ? " is" : " are")
              + " applied in the database but missing from the migrations, and repair would mark"
              + (missing.size() == 1 ? " it" : " them")
              + " deleted; run it with sources that contain "
              + (missing.size() == 1 ? "it" : "them"));
    }
    org.flywaydb.core.api.output.RepairResult repaired = flyway.repair();
    return RepairResult.succeeded(
        repaired.migrationsRemoved.stream().map(r -> repaired(r, before, false)).toList(),
        repaired.migrationsAligned.stream().map(r -> repaired(r, before, true)).toList(),
        repaired.migrationsDeleted.stream().map(r -> repaired(r, before, false)).toList());
  }

  private static Repaired repaired(
      RepairOutput output, List<MigrationInfo> before, boolean realigned) {
    String version = output.version == null || output.version.isBlank() ? null : output.version;
    MigrationInfo entry = entry(version, output.description, before);
    // Flyway has no file path for a failed entry: the history's script name is the one to show.
    String script =
        output.filepath != null && !output.filepath.isBlank()
            ? ValidationErrors.fileName(output.filepath)
            : entry == null || entry.getScript() == null
                ? null
                : ValidationErrors.fileName(entry.getScript());
    return new Repaired(version, script, realigned ? change(entry) : null);
  }

  /** The history entry repair changed, as info saw it before. */
  private static MigrationInfo entry(
      String version, String description, List<MigrationInfo> before) {
    return before.stream()
        .filter(MigrationInfo::isApplied)
        .filter(
            m ->
                version == null
                    ? m.getVersion() == null
                        && (Objects.equals(m.getAppliedDescription(), description)
                            || Objects.equals(m.getResolvedDescription(), description))
                    : m.getVersion() != null && m.getVersion().getVersion().equals(version))
        .findFirst()
        .orElse(null);
  }

  /** What differed between the entry and its file before the repair. */
  private static String change(MigrationInfo migration) {
    if (migration == null) {
      return "checksum";
    }
    List<String> changes = new ArrayList<>();
    if (!migration.isChecksumMatching()) {
      changes.add("checksum");
    }
    if (!migration.isDescriptionMatching()) {
      changes.add("description");
    }
    if (!migration.isTypeMatching()) {
      changes.add("type");
    }
    return changes.isEmpty() ? "checksum" : String.join(" and ", changes);
  }

  private static String name(MigrationInfo migration) {
    String script =
        migration.getScript() == null ? "" : ValidationErrors.fileName(migration.getScript());
    return migration.getVersion() == null
        ? "repeatable migration " + script
        : "version " + migration.getVersion().getVersion() + " (" + script + ")";
  }
}
