package io.dbmigrate.runner;

import io.dbmigrate.db.ConnectionSettings;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationVersion;

/**
 * Flyway's baseline: records that a database which already has its objects (made before Flyway, or
 * by hand) is at a version, so that runs apply only the migrations above it. Only on a database
 * without a history; the same baseline again is no change.
 */
public final class Baseliner {

  /**
   * @param alreadyThere true when the history had this baseline already and nothing was written
   */
  public record Outcome(String version, String description, boolean alreadyThere) {}

  /**
   * @param description null for the settings' baselineDescription, else Flyway's default
   * @throws CommandFailedException when the history has another baseline or migrations, or the
   *     database cannot be reached
   */
  public Outcome baseline(
      ConnectionSettings settings, RunOptions options, String version, String description) {
    // A description given here wins over the settings' (a flyway.toml's), which win over Flyway's.
    String effective =
        description != null ? description : options.flyway().get("baselineDescription");
    Map<String, String> baseline = new LinkedHashMap<>();
    baseline.put("baselineVersion", version);
    if (effective != null) {
      baseline.put("baselineDescription", effective);
    }
    RunOptions withBaseline = options.withFlyway(options.flyway().with(baseline));
    return FlywayCommand.withoutMigrations(
        settings, withBaseline, (flyway, connection) -> baseline(flyway, version, effective));
  }

  private static Outcome baseline(Flyway flyway, String version, String description) {
    List<MigrationInfo> history =
        Arrays.stream(flyway.info().applied())
            // The schema marker says Flyway created the schema: no migration, no baseline.
            .filter(m -> m.getType().isBaseline() || !m.getType().isSynthetic())
            .toList();
    MigrationInfo marker =
        history.stream().filter(m -> m.getType().isBaseline()).reduce((a, b) -> b).orElse(null);
    if (marker != null) {
      return existing(marker, version, description);
    }
    if (!history.isEmpty()) {
      throw new CommandFailedException(
          "the schema history already records "
              + describe(history)
              + "; baseline is only for a database with existing objects and no history");
    }
    flyway.baseline();
    String recorded = flyway.getConfiguration().getBaselineDescription();
    return new Outcome(version, recorded, false);
  }

  /** The same baseline again changes nothing; any other is refused. */
  private static Outcome existing(MigrationInfo marker, String version, String description) {
    String markerVersion = marker.getVersion().getVersion();
    boolean sameVersion =
        MigrationVersion.fromVersion(version).equals(MigrationVersion.fromVersion(markerVersion));
    if (sameVersion
        && (description == null || Objects.equals(description, marker.getDescription()))) {
      return new Outcome(markerVersion, marker.getDescription(), true);
    }
    throw new CommandFailedException(
        "the schema history already has a baseline at version "
            + markerVersion
            + " ('"
            + marker.getDescription()
            + "'); a database is baselined once");
  }

  private static String describe(List<MigrationInfo> history) {
    List<String> names =
        history.stream()
            .map(
                m ->
                    (m.getVersion() == null ? "" : m.getVersion().getVersion() + " ")
                        + "("
                        + ValidationErrors.fileName(m.getScript())
                        + (m.getState().isFailed() ? ", failed" : "")
                        + ")")
            .toList();
    String shown = String.join(", ", names.subList(0, Math.min(5, names.size())));
    return history.size()
        + (history.size() == 1 ? " migration: " : " migrations: ")
        + shown
        + (names.size() > 5 ? ", …" : "");
  }
}
