package io.dbmigrate.runner;

import java.util.Arrays;
import java.util.Set;
import java.util.function.Predicate;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationInfoService;
import org.flywaydb.core.api.MigrationState;

/**
 * How a database's schema history stands against its sources, in Flyway's terms: what {@code
 * dbmigrate info} sums up and a resource's status can show.
 *
 * @param applied successful migrations in the history (a repeatable once, however often it ran),
 *     out-of-order, future and missing ones included; the baseline marker is not a migration
 * @param pending what the next run would apply: new migrations and changed repeatable ones
 * @param failed entries recorded as failed; a run stops at them until repaired
 * @param outOfOrder applied migrations that were applied after a higher version
 * @param ignored migrations in the sources older than the current version but never applied
 * @param future applied migrations newer than anything in the sources
 * @param missing applied migrations the sources lack, older than their newest version
 * @param belowBaseline migrations in the sources the baseline counts as applied, its own version
 *     included
 * @param baselineVersion the version the history was baselined at, null when it was not
 */
public record InfoCounts(
    int applied,
    int pending,
    int failed,
    int outOfOrder,
    int ignored,
    int future,
    int missing,
    int belowBaseline,
    String baselineVersion) {

  private static final Set<MigrationState> NOT_IN_EFFECT =
      Set.of(MigrationState.SUPERSEDED, MigrationState.UNDONE, MigrationState.DELETED);

  public static InfoCounts of(MigrationInfoService info) {
    MigrationInfo[] all = info.all();
    return new InfoCounts(
        count(all, InfoCounts::isAppliedMigration),
        count(all, InfoCounts::isPending),
        count(all, m -> m.getState().isFailed()),
        count(all, m -> m.getState() == MigrationState.OUT_OF_ORDER),
        count(all, m -> m.getState() == MigrationState.IGNORED),
        count(
            all,
            m ->
                m.getState() == MigrationState.FUTURE_SUCCESS
                    || m.getState() == MigrationState.FUTURE_FAILED),
        count(
            all,
            m ->
                m.getState() == MigrationState.MISSING_SUCCESS
                    || m.getState() == MigrationState.MISSING_FAILED),
        count(
            all,
            m ->
                m.getState() == MigrationState.BELOW_BASELINE
                    || m.getState() == MigrationState.BASELINE_IGNORED),
        Arrays.stream(all)
            .filter(m -> m.getType().isBaseline() && m.getState().isApplied())
            .map(m -> m.getVersion().getVersion())
            .reduce((first, last) -> last)
            .orElse(null));
  }

  /**
   * What a run applies: new migrations, and repeatable ones whose file changed since they ran
   * (Flyway lists those twice: the file as pending, the entry that ran as outdated).
   */
  static boolean isPending(MigrationInfo migration) {
    return migration.getState() == MigrationState.PENDING;
  }

  private static boolean isAppliedMigration(MigrationInfo migration) {
    return migration.getState().isApplied()
        && !migration.getState().isFailed()
        && !NOT_IN_EFFECT.contains(migration.getState())
        && !migration.getType().isSynthetic()
        && !migration.getType().isBaseline()
        && !migration.getType().isUndo();
  }

  private static int count(MigrationInfo[] migrations, Predicate<MigrationInfo> which) {
    return (int) Arrays.stream(migrations).filter(which).count();
  }
}
