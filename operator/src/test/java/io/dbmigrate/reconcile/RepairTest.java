package io.dbmigrate.reconcile;

import static io.dbmigrate.reconcile.DeciderTest.assertKstatus;
import static io.dbmigrate.reconcile.DeciderTest.condition;
import static io.dbmigrate.reconcile.Situation.MIGRATE_JOB;
import static org.assertj.core.api.Assertions.assertThat;

import io.dbmigrate.api.DatabaseMigrationStatus;
import io.dbmigrate.api.JobResult;
import io.dbmigrate.api.Phase;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The dbmigrate.io/repair-requested annotation: one repair Job per token, then the run again. */
class RepairTest {
  private static final String REPAIR_JOB = JobNames.forRepair("shop", "1");
  private static final String REPORT =
      "{\"status\":\"Succeeded\",\"removed\":[{\"version\":\"2\",\"script\":\"V2__index.sql\"}],"
          + "\"realigned\":[],\"error\":null}";

  private static Situation failedAndAskedToRepair() {
    return new Situation()
        .finished(MIGRATE_JOB, Situation.failed(null, "BackoffLimitExceeded"))
        .annotate(Annotations.REPAIR_REQUESTED, "1");
  }

  @Test
  void aRequestStartsOneRepairJobThatTouchesOnlyTheHistory() {
    Decision decision = failedAndAskedToRepair().decide();

    assertThat(decision.start())
        .hasValueSatisfying(
            start -> {
              assertThat(start.name()).isEqualTo(REPAIR_JOB).startsWith("shop-repair-");
              assertThat(start.purpose()).isEqualTo("to repair the schema history");
              assertThat(Situation.args(start))
                  .startsWith("repair", "--migrations")
                  .doesNotContain("--target", "--seed", "--lock-timeout", "--backup-dir");
            });
    DatabaseMigrationStatus status = decision.status();
    assertThat(status.getPhase()).isEqualTo(Phase.Migrating);
    assertKstatus(status, "False", "True", "False", "Repairing");
    assertThat(condition(status, "Repaired").getStatus()).isEqualTo("Unknown");
    assertThat(status.getRepair().getToken()).isEqualTo("1");
    assertThat(status.getRepair().getResult()).isEqualTo(JobResult.Running);
  }

  @Test
  void aSucceededRepairSaysWhatItDidDeletesTheFailedRunAndLetsTheMigrationRunAgain() {
    Situation situation =
        failedAndAskedToRepair().finished(REPAIR_JOB, Situation.succeededWithReport(REPORT));

    Decision decision = situation.decide();

    DatabaseMigrationStatus status = decision.status();
    assertThat(status.getPhase()).isEqualTo(Phase.Pending);
    assertKstatus(status, "False", "True", "False", "Repaired");
    assertThat(condition(status, "Repaired").getStatus()).isEqualTo("True");
    assertThat(status.getRepair().getMessage())
        .isEqualTo(
            "Job "
                + REPAIR_JOB
                + " repaired the schema history: removed failed V2__index.sql (version 2);"
                + " repair does not undo what a failed non-transactional migration left in the"
                + " database");
    assertThat(decision.prune())
        .extracting(job -> job.getMetadata().getName())
        .containsExactly(MIGRATE_JOB);
    assertThat(decision.recheck()).contains(Decider.AFTER_REPAIR_RECHECK);
    assertThat(decision.announcements())
        .singleElement()
        .satisfies(
            event -> {
              assertThat(event.reason()).isEqualTo("Repaired");
              assertThat(event.warning()).isFalse();
              assertThat(event.repeat()).isEqualTo(Announcement.Repeat.ONCE);
            });

    Decision next =
        new Situation()
            .stored(status)
            .annotate(Annotations.REPAIR_REQUESTED, "1")
            .finished(REPAIR_JOB, Situation.succeededWithReport(REPORT))
            .decide();
    assertThat(next.start()).map(Decision.JobStart::name).isEqualTo(Optional.of(MIGRATE_JOB));
  }

  @Test
  void aFailedRepairStallsWithItsErrorAndAWarning() {
    Decision decision =
        failedAndAskedToRepair()
            .finished(
                REPAIR_JOB,
                new JobOutcome(
                    JobOutcome.State.FAILED,
                    Optional.empty(),
                    "2026-11-27T11:02:00Z",
                    null,
                    Optional.of(
                        "{\"status\":\"Failed\",\"removed\":[],\"realigned\":[],"
                            + "\"error\":{\"message\":\"cannot reach the database\"}}")))
            .decide();

    DatabaseMigrationStatus status = decision.status();
    assertThat(status.getPhase()).isEqualTo(Phase.Failed);
    assertKstatus(status, "False", "False", "True", "RepairFailed");
    assertThat(condition(status, "Repaired").getStatus()).isEqualTo("False");
    assertThat(condition(status, "Ready").getMessage())
        .isEqualTo("repair Job " + REPAIR_JOB + " failed: cannot reach the database");
    assertThat(decision.prune()).isEmpty();
    assertThat(decision.announcements().get(0).warning()).isTrue();
  }
}
