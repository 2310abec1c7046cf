package io.dbmigrate.runner;

import java.util.Arrays;
import java.util.List;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationInfoService;
import org.flywaydb.core.api.MigrationState;

/**
 * The migrations a baseline counts as applied: they never run on this database.
 *
 * @param version the baseline's version
 * @param migrations the files at or below it, in order
 * @param recordedByRun true when the next run records the baseline (baselineOnMigrate on a database
 *     with objects and no history), false when the history has it already
 */
public record BaselinePlan(String version, List<String> migrations, boolean recordedByRun) {
  public BaselinePlan {
    migrations = migrations == null ? List.of() : List.copyOf(migrations);
  }

  /** Null when no migration is below a baseline. */
  static BaselinePlan of(Flyway flyway, MigrationInfoService info) {
    MigrationInfo[] all = info.all();
    List<String> below =
        Arrays.stream(all)
            .filter(
                m ->
                    m.getState() == MigrationState.BELOW_BASELINE
                        || m.getState() == MigrationState.BASELINE_IGNORED)
            .filter(m -> m.getScript() != null)
            .map(m -> ValidationErrors.fileName(m.getScript()))
            .toList();
    if (below.isEmpty()) {
      return null;
    }
    MigrationInfo marker =
        Arrays.stream(all)
            .filter(m -> m.getType().isBaseline() && m.getState().isApplied())
            .reduce((first, last) -> last)
            .orElse(null);
    return marker == null
        ? new BaselinePlan(flyway.getConfiguration().getBaselineVersion().getVersion(), below, true)
        : new BaselinePlan(marker.getVersion().getVersion(), below, false);
  }
}
