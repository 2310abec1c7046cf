package io.dbmigrate.runner;

import io.dbmigrate.runner.RunResult.AppliedMigration;
import java.util.ArrayList;
import java.util.List;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.callback.Callback;
import org.flywaydb.core.api.callback.Context;
import org.flywaydb.core.api.callback.Event;

/**
 * Follows a Flyway run migration by migration, so that however the run ends — a failing statement,
 * a mixed transactional and non-transactional file Flyway refuses mid-run, a lost connection — the
 * result lists exactly what was applied and names the migration that was running when it stopped.
 * Flyway's own error result is not filled on every failure path.
 */
final class MigrationTracker implements Callback {
  private final List<AppliedMigration> applied = new ArrayList<>();
  private MigrationInfo running;
  private long runningSince;
  private boolean startedAny;

  @Override
  public boolean supports(Event event, Context context) {
    return event == Event.BEFORE_EACH_MIGRATE || event == Event.AFTER_EACH_MIGRATE;
  }

  @Override
  public boolean canHandleInTransaction(Event event, Context context) {
    return true;
  }

  @Override
  public void handle(Event event, Context context) {
    MigrationInfo migration = context.getMigrationInfo();
    if (event == Event.BEFORE_EACH_MIGRATE) {
      running = migration;
      runningSince = System.nanoTime();
      startedAny = true;
    } else if (migration != null) {
      String version = migration.getVersion() == null ? null : migration.getVersion().getVersion();
      applied.add(
          new AppliedMigration(
              version,
              migration.getDescription(),
              ValidationErrors.fileName(migration.getScript()),
              (int) ((System.nanoTime() - runningSince) / 1_000_000)));
      running = null;
    }
  }

  @Override
  public String getCallbackName() {
    return "dbmigrate-tracker";
  }

  /** The migrations applied so far, in the order they ran. */
  List<AppliedMigration> applied() {
    return List.copyOf(applied);
  }

  /** Whether any migration started, successfully or not, in any attempt of the run. */
  boolean startedAny() {
    return startedAny;
  }

  /** The migration that started and did not finish, if the run stopped inside one. */
  MigrationInfo unfinished() {
    return running;
  }
}
