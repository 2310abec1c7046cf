package io.dbmigrate.reconcile;

import static io.dbmigrate.reconcile.Situation.DIGEST;
import static io.dbmigrate.reconcile.Situation.MIGRATE_JOB;
import static io.dbmigrate.reconcile.Situation.OTHER_DIGEST;
import static io.dbmigrate.reconcile.Situation.applied;
import static io.dbmigrate.reconcile.Situation.failed;
import static io.dbmigrate.reconcile.Situation.failedAt;
import static io.dbmigrate.reconcile.Situation.succeeded;
import static org.assertj.core.api.Assertions.assertThat;

import io.dbmigrate.api.BackupStatus;
import io.dbmigrate.api.DatabaseMigrationStatus;
import io.dbmigrate.api.JobResult;
import io.dbmigrate.api.Phase;
import io.dbmigrate.db.SessionActivity.Holder;
import io.dbmigrate.db.SessionActivity.LockWait;
import io.dbmigrate.health.RunningMigration;
import io.dbmigrate.runner.RunResult;
import io.dbmigrate.runner.SeedOutcome;
import io.dbmigrate.runner.SeedResult;
import io.fabric8.kubernetes.api.model.Condition;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The decision of one reconcile, from a hand-built observation: no cluster, no database. Each test
 * is one situation the operator meets and what it must make of it.
 */
class DeciderTest {

  static Condition condition(DatabaseMigrationStatus status, String type) {
    return Conditions.find(status.getConditions(), type)
        .orElseThrow(
            () -> new AssertionError("no " + type + " condition in " + status.getConditions()));
  }

  static void assertKstatus(
      DatabaseMigrationStatus status,
      String ready,
      String reconciling,
      String stalled,
      String reason) {
    assertThat(condition(status, "Ready").getStatus()).as("Ready").isEqualTo(ready);
    assertThat(condition(status, "Reconciling").getStatus())
        .as("Reconciling")
        .isEqualTo(reconciling);
    assertThat(condition(status, "Stalled").getStatus()).as("Stalled").isEqualTo(stalled);
    assertThat(condition(status, "Ready").getReason()).as("reason").isEqualTo(reason);
  }

  @Nested
  class InvalidInputs {
    @Test
    void stallWithTheirReasonAndAWarning() {
      Decision decision =
          new Situation().invalid("SecretNotFound", "Secret shop-db not found").decide();

      assertThat(decision.status().getPhase()).isEqualTo(Phase.Failed);
      assertKstatus(decision.status(), "False", "False", "True", "SecretNotFound");
      assertThat(condition(decision.status(), "Ready").getMessage())
          .isEqualTo("Secret shop-db not found");
      assertThat(decision.announcements())
          .singleElement()
          .satisfies(
              a -> {
                assertThat(a.warning()).isTrue();
                assertThat(a.reason()).isEqualTo("SecretNotFound");
                assertThat(a.repeat()).isEqualTo(Announcement.Repeat.COUNT);
              });
    }

    @Test
    void startNoJobAndStopProbing() {
      Decision decision = new Situation().invalid("NoMigrations", "no files").decide();

      assertThat(decision.start()).isEmpty();
      assertThat(decision.probe()).as("no probe target: the prober forgets the resource").isEmpty();
      assertThat(decision.recheck()).contains(Decider.INVALID_INPUT_RECHECK);
    }

    @Test
    void areAnnouncedOnlyWhenTheProblemIsNew() {
      Situation situation = new Situation().invalid("SecretNotFound", "Secret shop-db not found");
      situation.decideAndStore();

      situation.assertAtRest();
    }

    @Test
    void anotherProblemIsAnnouncedAgain() {
      Situation situation = new Situation().invalid("SecretNotFound", "Secret shop-db not found");
      situation.decideAndStore();

      Decision other =
          situation.invalid("ConfigMapNotFound", "ConfigMap shop-migrations not found").decide();

      assertThat(other.announcements())
          .extracting(Announcement::reason)
          .containsExactly("ConfigMapNotFound");
    }

    @Test
    void dropTheHealthAndMarkItUnchecked() {
      Situation situation = new Situation().healthy();
      situation.decideAndStore();
      assertThat(situation.resource.getStatus().getHealth()).isNotNull();

      DatabaseMigrationStatus status =
          situation.invalid("SecretNotFound", "gone").decide().status();

      assertThat(status.getHealth()).isNull();
      assertThat(condition(status, "DatabaseHealthy").getStatus()).isEqualTo("Unknown");
      assertThat(condition(status, "DatabaseHealthy").getReason()).isEqualTo("NotChecked");
    }
  }

  @Nested
  class Migrate {
    @Test
    void aNewInputStartsItsJob() {
      Decision decision = new Situation().decide();

      assertThat(decision.start())
          .hasValueSatisfying(
              start -> {
                assertThat(start.name()).isEqualTo(MIGRATE_JOB).isEqualTo("shop-01234567");
                assertThat(start.purpose()).isEqualTo("to apply migrations");
                assertThat(Situation.args(start)).startsWith("migrate");
              });
      DatabaseMigrationStatus status = decision.status();
      assertThat(status.getPhase()).isEqualTo(Phase.Migrating);
      assertKstatus(status, "False", "True", "False", "Migrating");
      assertThat(status.getLastJob().getName()).isEqualTo(MIGRATE_JOB);
      assertThat(status.getLastJob().getResult()).isEqualTo(JobResult.Running);
      assertThat(condition(status, "MigrationsApplied").getStatus()).isEqualTo("Unknown");
      assertThat(decision.announcements()).as("MigrationStarted comes from acting").isEmpty();
    }

    @Test
    void aRunningJobIsFollowedNotStartedAgain() {
      Situation situation = new Situation().running(MIGRATE_JOB);

      Decision decision = situation.decide();

      assertThat(decision.start()).isEmpty();
      assertThat(decision.status().getPhase()).isEqualTo(Phase.Migrating);
      assertThat(situation.outcomesRead).as("a running Job's pods are not listed").isEmpty();
    }

    @Test
    void aSucceededJobMakesTheResourceReady() {
      Decision decision =
          new Situation().finished(MIGRATE_JOB, succeeded(applied("3", 3, 3, 0))).decide();

      DatabaseMigrationStatus status = decision.status();
      assertThat(status.getPhase()).isEqualTo(Phase.Ready);
      assertKstatus(status, "True", "False", "False", "MigrationsApplied");
      assertThat(status.getAppliedDigest()).isEqualTo(DIGEST);
      assertThat(status.getCurrentVersion()).isEqualTo("3");
      assertThat(status.getMigrations().getApplied()).isEqualTo(3);
      assertThat(status.getMigrations().getPending()).isZero();
      assertThat(status.getLastJob().getResult()).isEqualTo(JobResult.Succeeded);
      assertThat(status.getLastJob().getFinishedAt()).isEqualTo("2026-11-27T11:01:00Z");
      assertThat(condition(status, "Ready").getMessage())
          .isEqualTo("database at version 3: 3 applied by Job shop-01234567, 0 pending");
      assertThat(condition(status, "MigrationsApplied").getStatus()).isEqualTo("True");
    }

    @Test
    void aJobsEndIsAnnouncedOnceByItsUidAndCounted() {
      Decision decision =
          new Situation().finished(MIGRATE_JOB, succeeded(applied("1", 1, 1, 0))).decide();

      assertThat(decision.announcements())
          .singleElement()
          .satisfies(
              a -> {
                assertThat(a.reason()).isEqualTo("MigrationSucceeded");
                assertThat(a.warning()).isFalse();
                assertThat(a.key()).isEqualTo("uid-" + MIGRATE_JOB);
                assertThat(a.repeat()).isEqualTo(Announcement.Repeat.ONCE);
                assertThat(a.jobRun()).isEqualTo(new Announcement.JobRun(JobResult.Succeeded, 42L));
              });
    }

    @Test
    void aFailedMigrationStallsWithTheRunnersMessage() {
      Decision decision =
          new Situation()
              .finished(
                  MIGRATE_JOB,
                  failed(
                      failedAt("2", "V2__broken.sql", "V2__broken.sql failed: no_such_table"),
                      null))
              .decide();

      DatabaseMigrationStatus status = decision.status();
      assertThat(status.getPhase()).isEqualTo(Phase.Failed);
      assertKstatus(status, "False", "False", "True", "MigrationFailed");
      assertThat(condition(status, "Ready").getMessage())
          .isEqualTo("V2__broken.sql failed: no_such_table");
      assertThat(condition(status, "MigrationsApplied").getStatus()).isEqualTo("False");
      assertThat(status.getLastJob().getResult()).isEqualTo(JobResult.Failed);
      assertThat(status.getAppliedDigest()).as("nothing applied for this digest").isNull();
      assertThat(decision.announcements())
          .singleElement()
          .satisfies(
              a -> {
                assertThat(a.reason()).isEqualTo("MigrationFailed");
                assertThat(a.warning()).isTrue();
                assertThat(a.jobRun().result()).isEqualTo(JobResult.Failed);
              });
    }

    @Test
    void aJobThatFailedWithoutAResultQuotesKubernetes() {
      DatabaseMigrationStatus status =
          new Situation()
              .finished(
                  MIGRATE_JOB,
                  failed(null, "DeadlineExceeded: Job was active longer than specified deadline"))
              .decide()
              .status();

      assertThat(condition(status, "Ready").getMessage())
          .isEqualTo(
              "Job shop-01234567 failed: DeadlineExceeded: Job was active longer than specified deadline");
    }

    @Test
    void aFailedSeedKeepsTheMigrationsApplied() {
      RunResult result =
          Situation.withSeeds(
              applied("2", 2, 2, 0),
              new SeedResult(
                  "reference",
                  SeedOutcome.Failed,
                  2,
                  1,
                  "02-bad.sql",
                  "02-bad.sql failed: syntax error"));
      DatabaseMigrationStatus status =
          new Situation().finished(MIGRATE_JOB, failed(result, null)).decide().status();

      assertKstatus(status, "False", "False", "True", "SeedFailed");
      assertThat(condition(status, "MigrationsApplied").getStatus()).isEqualTo("True");
      assertThat(condition(status, "SeedsApplied").getStatus()).isEqualTo("False");
      assertThat(status.getSeeds())
          .singleElement()
          .satisfies(s -> assertThat(s.getStatus()).isEqualTo("Failed"));
    }

    @Test
    void appliedSeedsAreNamedInTheirCondition() {
      RunResult result =
          Situation.withSeeds(
              applied("1", 1, 1, 0),
              new SeedResult("reference", SeedOutcome.Applied, 1, 1, null, null));
      DatabaseMigrationStatus status =
          new Situation().finished(MIGRATE_JOB, succeeded(result)).decide().status();

      assertThat(condition(status, "SeedsApplied").getStatus()).isEqualTo("True");
      assertThat(condition(status, "SeedsApplied").getMessage()).isEqualTo("reference applied");
    }

    @Test
    void theSameInputAtRestChangesNothingAndReadsNoPods() {
      Situation situation = new Situation().finished(MIGRATE_JOB, succeeded(applied("1", 1, 1, 0)));
      situation.decideAndStore();

      situation.assertAtRest();
    }

    @Test
    void aNewGenerationAtRestIsStampedWithoutMovingTransitionTimes() {
      Situation situation = new Situation().finished(MIGRATE_JOB, succeeded(applied("1", 1, 1, 0)));
      DatabaseMigrationStatus before = situation.decideAndStore().status();

      DatabaseMigrationStatus after = situation.generation(2).decide().status();

      assertThat(after.getObservedGeneration()).isEqualTo(2L);
      assertThat(after.getConditions())
          .allSatisfy(c -> assertThat(c.getObservedGeneration()).isEqualTo(2L));
      assertThat(condition(after, "Ready").getLastTransitionTime())
          .isEqualTo(condition(before, "Ready").getLastTransitionTime());
    }

    @Test
    void everyStoredFieldIsCarriedOver() {
      Situation situation = new Situation().finished(MIGRATE_JOB, succeeded(applied("1", 1, 1, 0)));
      situation.decideAndStore();
      situation
          .resource
          .getStatus()
          .setLastBackup(new BackupStatus("/backups/shop.dump", 1234L, "shop-0"));

      DatabaseMigrationStatus status = situation.decide().status();

      assertThat(status.getLastBackup().getFile()).isEqualTo("/backups/shop.dump");
      assertThat(status.getLastBackup())
          .as("a copy, not the stored object")
          .isNotSameAs(situation.resource.getStatus().getLastBackup());
    }

    @Test
    void aRecordedFailureStaysFailedWithoutReadingPods() {
      Situation situation =
          new Situation().finished(MIGRATE_JOB, failed(failedAt("2", "V2__x.sql", "boom"), null));
      situation.decideAndStore();

      situation.assertAtRest();
    }

    @Test
    void aDeletedFailedJobRunsItsInputAgain() {
      Situation failedOnce =
          new Situation().finished(MIGRATE_JOB, failed(failedAt("2", "V2__x.sql", "boom"), null));
      DatabaseMigrationStatus stored = failedOnce.decideAndStore().status();

      Decision decision = new Situation().stored(stored).decide();

      assertThat(decision.start()).map(Decision.JobStart::name).contains(MIGRATE_JOB);
      assertThat(decision.status().getPhase()).isEqualTo(Phase.Migrating);
    }

    @Test
    void aChangedInputStartsANewJob() {
      Situation situation = new Situation().finished(MIGRATE_JOB, succeeded(applied("1", 1, 1, 0)));
      situation.decideAndStore();

      Decision decision = situation.digest(OTHER_DIGEST).decide();

      assertThat(decision.start()).map(Decision.JobStart::name).contains("shop-fedcba98");
    }

    @Test
    void aChangedInputWaitsForTheRunningJobOfTheOldOne() {
      Situation situation = new Situation().digest(OTHER_DIGEST).running(MIGRATE_JOB);

      Decision decision = situation.decide();

      assertThat(decision.start()).as("one run at a time").isEmpty();
      assertThat(condition(decision.status(), "Ready").getMessage()).contains(MIGRATE_JOB);
    }

    @Test
    void aFixedInputAfterASuccessIsReadyAgain() {
      Situation situation = new Situation().finished(MIGRATE_JOB, succeeded(applied("1", 1, 1, 0)));
      situation.decideAndStore();
      situation.invalid("SecretNotFound", "Secret shop-db not found").decideAndStore();

      Decision fixed = situation.digest(DIGEST).decide();

      assertThat(fixed.status().getPhase()).isEqualTo(Phase.Ready);
      assertKstatus(fixed.status(), "True", "False", "False", "MigrationsApplied");
      assertThat(fixed.start()).isEmpty();
    }

    @Test
    void aJobIsNotStartedWhileTheDatabaseIsKnownToBeDown() {
      Decision decision = new Situation().unreachable("connection refused: db.shop:5432").decide();

      assertThat(decision.start()).isEmpty();
      assertThat(decision.status().getPhase()).isEqualTo(Phase.Pending);
      assertKstatus(decision.status(), "False", "True", "False", "WaitingForDatabase");
      assertThat(condition(decision.status(), "Ready").getMessage())
          .isEqualTo(
              "waiting for the database before starting a Job: connection refused: db.shop:5432");
      assertThat(decision.announcements())
          .extracting(Announcement::reason)
          .containsExactly("WaitingForDatabase");
    }

    @Test
    void waitingForTheDatabaseIsAnnouncedOnce() {
      Situation situation = new Situation().unreachable("connection refused");
      situation.decideAndStore();

      assertThat(situation.decide().announcements()).isEmpty();
    }

    @Test
    void aJobAlreadyRunningIsFollowedEvenWhenTheDatabaseIsDown() {
      Decision decision =
          new Situation().running(MIGRATE_JOB).unreachable("connection refused").decide();

      assertThat(decision.status().getPhase()).isEqualTo(Phase.Migrating);
    }
  }

  @Nested
  class Health {
    @Test
    void theLatestReportJoinsTheStatus() {
      DatabaseMigrationStatus status = new Situation().healthy().decide().status();

      assertThat(status.getHealth().getStatus()).isEqualTo("healthy");
      assertThat(status.getHealth().getChecks().getDatabase().getLatencyMs()).isEqualTo(1.5);
      assertThat(condition(status, "DatabaseHealthy").getStatus()).isEqualTo("True");
      assertThat(condition(status, "DatabaseHealthy").getReason()).isEqualTo("Healthy");
    }

    @Test
    void anUnreachableDatabaseIsNamedInItsCondition() {
      DatabaseMigrationStatus status =
          new Situation().running(MIGRATE_JOB).unreachable("connection refused").decide().status();

      assertThat(condition(status, "DatabaseHealthy").getStatus()).isEqualTo("False");
      assertThat(condition(status, "DatabaseHealthy").getReason()).isEqualTo("DatabaseUnreachable");
      assertThat(condition(status, "DatabaseHealthy").getMessage()).isEqualTo("connection refused");
    }

    @Test
    void theProbeWatchesWhatTheNewStatusSaysOfTheSchema() {
      Decision decision =
          new Situation().finished(MIGRATE_JOB, succeeded(applied("1", 1, 1, 0))).decide();

      assertThat(decision.probe())
          .hasValueSatisfying(
              target -> {
                assertThat(target.key().name()).isEqualTo("shop");
                assertThat(target.target()).isEqualTo("latest");
                assertThat(target.revision())
                    .isEqualTo(DIGEST + "/" + DIGEST + "/Ready/" + MIGRATE_JOB + ":Succeeded");
              });
    }

    @Test
    void withoutAReportTheStatusHasNoHealth() {
      DatabaseMigrationStatus status = new Situation().decide().status();

      assertThat(status.getHealth()).isNull();
      assertThat(Conditions.find(status.getConditions(), "DatabaseHealthy")).isEmpty();
    }
  }

  @Nested
  class GatedPods {
    @Test
    void areReleasedOnceTheMigrationIsReady() {
      Decision decision =
          new Situation()
              .gatedPod("web-1", "shop")
              .finished(MIGRATE_JOB, succeeded(applied("1", 1, 1, 0)))
              .decide();

      assertThat(decision.releases())
          .singleElement()
          .satisfies(
              r -> {
                assertThat(r.podName()).isEqualTo("shop/web-1");
                assertThat(r.gate()).isEqualTo("dbmigrate.io/shop");
                assertThat(r.lastOfOurs()).isTrue();
              });
      assertThat(decision.status().getGatedPods()).isZero();
    }

    @Test
    void waitWhileTheMigrationRuns() {
      Decision decision = new Situation().gatedPod("web-1", "shop").running(MIGRATE_JOB).decide();

      assertThat(decision.releases()).isEmpty();
      assertThat(decision.status().getGatedPods()).isEqualTo(1);
      assertThat(decision.announcements()).isEmpty();
    }

    @Test
    void waitForTheVersionTheyRequire() {
      Decision decision =
          new Situation()
              .gatedPod("web-1", "shop@2")
              .finished(MIGRATE_JOB, succeeded(applied("1", 1, 1, 0)))
              .decide();

      assertThat(decision.releases()).isEmpty();
      assertThat(decision.status().getGatedPods()).isEqualTo(1);
    }

    @Test
    void waitingOnAFailedMigrationIsAnnounced() {
      Decision decision =
          new Situation()
              .gatedPod("web-1", "shop")
              .gatedPod("web-2", "shop")
              .finished(MIGRATE_JOB, failed(failedAt("2", "V2__x.sql", "V2__x.sql failed"), null))
              .decide();

      assertThat(decision.announcements())
          .filteredOn(a -> a.reason().equals("PodsWaiting"))
          .singleElement()
          .satisfies(
              a -> {
                assertThat(a.warning()).isTrue();
                assertThat(a.message())
                    .isEqualTo("2 pods wait for this migration, which failed: V2__x.sql failed");
              });
    }

    @Test
    void theSameWaitingIsNotAnnouncedAgain() {
      Situation situation =
          new Situation()
              .gatedPod("web-1", "shop")
              .finished(MIGRATE_JOB, failed(failedAt("2", "V2__x.sql", "boom"), null));
      situation.decideAndStore();

      assertThat(situation.decide().announcements()).isEmpty();
    }

    @Test
    void aNewPodWaitingOnTheFailureIsAnnounced() {
      Situation situation =
          new Situation()
              .gatedPod("web-1", "shop")
              .finished(MIGRATE_JOB, failed(failedAt("2", "V2__x.sql", "boom"), null));
      situation.decideAndStore();

      Decision decision = situation.gatedPod("web-2", "shop").decide();

      assertThat(decision.announcements())
          .extracting(Announcement::message)
          .containsExactly("2 pods wait for this migration, which failed: boom");
    }
  }

  @Nested
  class JobHistory {
    @Test
    void finishedJobsBeyondTheLimitArePrunedOldestFirstKeepingTheLastOne() {
      Situation situation = new Situation().historyLimit(2);
      for (int i = 1; i <= 4; i++) {
        situation.finished(
            "shop-old" + i, succeeded(applied("1", 0, 1, 0)), "2026-11-2" + i + "T00:00:00Z");
      }
      situation.finished(MIGRATE_JOB, succeeded(applied("1", 1, 1, 0)), "2026-11-20T00:00:00Z");

      Decision decision = situation.decide();

      assertThat(decision.prune())
          .extracting(j -> j.getMetadata().getName())
          .containsExactlyInAnyOrder("shop-old1", "shop-old2", "shop-old3");
    }

    @Test
    void runningJobsAreNeverPruned() {
      Situation situation =
          new Situation().historyLimit(1).running("shop-other").running(MIGRATE_JOB);

      assertThat(situation.decide().prune()).isEmpty();
    }

    @Test
    void theDefaultLimitKeepsThree() {
      Situation situation = new Situation();
      for (int i = 1; i <= 5; i++) {
        situation.finished(
            "shop-old" + i, succeeded(applied("1", 0, 1, 0)), "2026-11-2" + i + "T00:00:00Z");
      }
      situation.finished(MIGRATE_JOB, succeeded(applied("1", 1, 1, 0)), "2026-11-27T00:00:00Z");

      assertThat(situation.decide().prune())
          .extracting(j -> j.getMetadata().getName())
          .containsExactlyInAnyOrder("shop-old1", "shop-old2", "shop-old3");
    }
  }

  @Test
  void aReconcileErrorKeepsTheResourceInProgressWithTheFirstLineOfTheCause() {
    Situation situation = new Situation().finished(MIGRATE_JOB, succeeded(applied("1", 1, 1, 0)));
    situation.decideAndStore();

    DatabaseMigrationStatus status =
        new StatusComputer(Situation.CLOCK)
            .reconcileError(
                situation.resource,
                new IllegalStateException("Forbidden: jobs is forbidden\nat line 2"));

    assertKstatus(status, "False", "True", "False", "ReconcileError");
    assertThat(condition(status, "Ready").getMessage())
        .isEqualTo("retrying after an error: Forbidden: jobs is forbidden");
    assertThat(status.getPhase()).as("the phase stays").isEqualTo(Phase.Ready);
  }

  @Test
  void messagesAreBounded() {
    String long2k = "x".repeat(2048);
    DatabaseMigrationStatus status =
        new Situation().invalid("InvalidSpec", long2k).decide().status();

    assertThat(condition(status, "Ready").getMessage()).hasSize(Messages.MAX).endsWith("…");
  }

  @Nested
  class Progress {
    private static final Instant STARTED = Situation.NOW.minusSeconds(40);
    private static final Instant WAITING = Situation.NOW.minusSeconds(30);

    private RunningMigration waitingOn(int pid) {
      Holder holder =
          new Holder(
              pid,
              "billing-api",
              "app",
              "idle in transaction",
              Duration.ofMinutes(12),
              "SELECT * FROM orders");
      return new RunningMigration(
          "V12__add_column.sql",
          STARTED,
          new LockWait(
              "a lock on table orders", "AccessExclusiveLock", Duration.ofSeconds(30), holder),
          WAITING);
    }

    @Test
    void aRunningMigrationIsNamedWithItsStart() {
      Decision decision =
          new Situation()
              .running(MIGRATE_JOB)
              .session(new RunningMigration("V12__add_column.sql", STARTED, null, null))
              .decide();

      DatabaseMigrationStatus status = decision.status();
      assertKstatus(status, "False", "True", "False", "Migrating");
      assertThat(status.getMigrations().getCurrent().getScript()).isEqualTo("V12__add_column.sql");
      assertThat(status.getMigrations().getCurrent().getStartedAt())
          .isEqualTo("2026-11-27T11:59:20Z");
      assertThat(status.getMigrations().getCurrent().getWaitingFor()).isNull();
      assertThat(condition(status, "Reconciling").getMessage())
          .isEqualTo(
              "Job " + MIGRATE_JOB + ": V12__add_column.sql running since 2026-11-27T11:59:20Z");
      assertThat(decision.announcements()).isEmpty();
    }

    @Test
    void aLockWaitNamesTheLockAndItsHolderAndIsAnnouncedOnce() {
      Decision decision = new Situation().running(MIGRATE_JOB).session(waitingOn(4242)).decide();

      DatabaseMigrationStatus status = decision.status();
      assertKstatus(status, "False", "True", "False", "WaitingForLock");
      var current = status.getMigrations().getCurrent();
      assertThat(current.getBlockingPid()).isEqualTo(4242);
      assertThat(current.getWaitingSince()).isEqualTo("2026-11-27T11:59:30Z");
      assertThat(current.getWaitingFor())
          .isEqualTo(
              "a lock on table orders held by pid 4242 (billing-api, user app, idle in"
                  + " transaction for 12 min: SELECT * FROM orders)");
      assertThat(condition(status, "Ready").getMessage())
          .isEqualTo(
              "Job "
                  + MIGRATE_JOB
                  + ": V12__add_column.sql waiting since 2026-11-27T11:59:30Z for "
                  + current.getWaitingFor());
      assertThat(decision.announcements())
          .singleElement()
          .satisfies(
              event -> {
                assertThat(event.reason()).isEqualTo("MigrationWaitingForLock");
                assertThat(event.warning()).isTrue();
                assertThat(event.repeat()).isEqualTo(Announcement.Repeat.ONCE);
                assertThat(event.message()).contains("held by pid 4242");
              });
      Decision anotherHolder =
          new Situation().running(MIGRATE_JOB).session(waitingOn(4243)).decide();
      assertThat(anotherHolder.announcements().get(0).key())
          .isNotEqualTo(decision.announcements().get(0).key());
    }

    @Test
    void theCurrentMigrationLeavesTheStatusWhenTheJobEnds() {
      DatabaseMigrationStatus waiting =
          new Situation().running(MIGRATE_JOB).session(waitingOn(4242)).decide().status();
      assertThat(waiting.getMigrations().getCurrent()).isNotNull();

      Decision ended =
          new Situation()
              .stored(waiting)
              .session(waitingOn(4242))
              .finished(MIGRATE_JOB, succeeded(applied("12", 1, 12, 0)))
              .decide();

      assertThat(ended.status().getPhase()).isEqualTo(Phase.Ready);
      assertThat(ended.status().getMigrations().getCurrent()).isNull();
    }

    @Test
    void theJobCarriesTheLockSettingsAndItsSessionName() {
      Situation situation = new Situation();
      situation.resource.getSpec().getMigrations().setLockTimeout("1500ms");
      situation.resource.getSpec().getMigrations().setLockRetries(0);

      Decision decision = situation.decide();

      assertThat(Situation.args(decision.start().orElseThrow()))
          .containsSequence("--lock-timeout", "1s500ms", "--lock-retries", "0")
          .containsSequence("--statement-timeout", "0s")
          .containsSequence("--application-name", JobNames.session("shop", MIGRATE_JOB));
      assertThat(JobNames.session("shop", MIGRATE_JOB)).matches("dbmigrate:[0-9a-f]{10}");
    }
  }
}
