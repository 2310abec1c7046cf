package io.dbmigrate.reconcile;

import static io.dbmigrate.reconcile.DeciderTest.assertKstatus;
import static io.dbmigrate.reconcile.DeciderTest.condition;
import static io.dbmigrate.reconcile.Situation.DIGEST;
import static io.dbmigrate.reconcile.Situation.MIGRATE_JOB;
import static io.dbmigrate.reconcile.Situation.OTHER_DIGEST;
import static io.dbmigrate.reconcile.Situation.PLAN_JOB;
import static io.dbmigrate.reconcile.Situation.applied;
import static io.dbmigrate.reconcile.Situation.failed;
import static io.dbmigrate.reconcile.Situation.failedAt;
import static io.dbmigrate.reconcile.Situation.succeeded;
import static io.dbmigrate.reconcile.Situation.succeededWithReport;
import static org.assertj.core.api.Assertions.assertThat;

import io.dbmigrate.api.DatabaseMigrationStatus;
import io.dbmigrate.api.JobResult;
import io.dbmigrate.api.Phase;
import io.dbmigrate.api.ResetResult;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** The plan and reset Job flows, decided from hand-built observations. */
class ApprovalAndResetTest {
  private static final String PLAN_JSON =
      "{\"pending\":[{\"version\":\"2\",\"script\":\"V2__orders.sql\"},"
          + "{\"version\":null,\"script\":\"R__views.sql\",\"repeatable\":true,\"changed\":true}],"
          + "\"seeds\":[{\"name\":\"reference\",\"files\":[\"01-currencies.sql\"]}],\"problems\":[]}";
  private static final String TOKEN = "2026-11-27T12:00";
  private static final String RESET_JOB = JobNames.forReset("shop", TOKEN);

  @Nested
  class Approval {
    @Test
    void aNewInputIsPlannedFirst() {
      Decision decision = new Situation().approvalRequired().decide();

      assertThat(decision.start())
          .hasValueSatisfying(
              start -> {
                assertThat(start.name()).isEqualTo(PLAN_JOB).isEqualTo("shop-plan-01234567");
                assertThat(start.purpose()).isEqualTo("to plan the migrations for approval");
                assertThat(Situation.args(start))
                    .startsWith("plan")
                    .containsSequence("--output", "json");
              });
      assertThat(decision.status().getPhase()).isEqualTo(Phase.Pending);
      assertKstatus(decision.status(), "False", "True", "False", "Planning");
    }

    @Test
    void aFinishedPlanWaitsForAPerson() {
      Decision decision =
          new Situation()
              .approvalRequired()
              .finished(PLAN_JOB, succeededWithReport(PLAN_JSON))
              .decide();

      DatabaseMigrationStatus status = decision.status();
      assertThat(status.getPhase()).isEqualTo(Phase.AwaitingApproval);
      assertKstatus(status, "False", "False", "False", "AwaitingApproval");
      assertThat(condition(status, "Ready").getMessage())
          .isEqualTo(
              "review status.plan, then approve it: kubectl annotate dbm/shop -n shop "
                  + "dbmigrate.io/approved-digest="
                  + DIGEST
                  + " --overwrite");
      assertThat(status.getPlan().getDigest()).isEqualTo(DIGEST);
      assertThat(status.getPlan().getMigrations())
          .containsExactly(
              "V2__orders.sql (version 2)", "R__views.sql (repeatable, checksum changed)");
      assertThat(status.getPlan().getSeeds()).containsExactly("reference: 01-currencies.sql");
      assertThat(status.getLastJob().getResult()).isEqualTo(JobResult.Succeeded);
    }

    @Test
    void aFinishedPlanIsAnnouncedOnceAndNotCountedAsARun() {
      Decision decision =
          new Situation()
              .approvalRequired()
              .finished(PLAN_JOB, succeededWithReport(PLAN_JSON))
              .decide();

      assertThat(decision.announcements())
          .singleElement()
          .satisfies(
              a -> {
                assertThat(a.reason()).isEqualTo("PlanReady");
                assertThat(a.key()).isEqualTo("uid-" + PLAN_JOB);
                assertThat(a.repeat()).isEqualTo(Announcement.Repeat.ONCE);
                assertThat(a.jobRun()).isNull();
                assertThat(a.message())
                    .isEqualTo(
                        "the plan for digest 0123456789ab waits for approval: 2 migrations, 0 problems");
              });
    }

    @Test
    void anUnreadablePlanSaysSo() {
      DatabaseMigrationStatus status =
          new Situation()
              .approvalRequired()
              .finished(PLAN_JOB, succeededWithReport("not json"))
              .decide()
              .status();

      assertThat(status.getPlan().getProblems())
          .containsExactly("the plan Job ended without a readable plan; see its logs");
    }

    @Test
    void aFailedPlanIsAPlanFailureNotAMigrationFailure() {
      Situation situation =
          new Situation()
              .approvalRequired()
              .finished(PLAN_JOB, failed(null, "BackoffLimitExceeded"));
      Decision decision = situation.decide();

      DatabaseMigrationStatus status = decision.status();
      assertThat(status.getPhase()).isEqualTo(Phase.Failed);
      assertKstatus(status, "False", "False", "True", "PlanFailed");
      assertThat(condition(status, "Ready").getMessage())
          .isEqualTo(
              "the plan could not be made: Job shop-plan-01234567 failed: BackoffLimitExceeded");
      assertThat(Conditions.find(status.getConditions(), "MigrationsApplied")).isEmpty();
      assertThat(decision.announcements())
          .singleElement()
          .satisfies(
              a -> {
                assertThat(a.reason()).isEqualTo("PlanFailed");
                assertThat(a.warning()).isTrue();
                assertThat(a.jobRun()).isNull();
              });
    }

    @Test
    void aKnownPlanIsNotReadAgain() {
      Situation situation =
          new Situation().approvalRequired().finished(PLAN_JOB, succeededWithReport(PLAN_JSON));
      situation.decideAndStore();

      situation.assertAtRest();
    }

    @Test
    void anApprovalOfAnotherDigestAppliesNothingAndIsAnnouncedOnce() {
      Situation situation =
          new Situation()
              .approvalRequired()
              .finished(PLAN_JOB, succeededWithReport(PLAN_JSON))
              .annotate(Annotations.APPROVED_DIGEST, OTHER_DIGEST);

      Decision decision = situation.decide();

      assertThat(decision.start()).isEmpty();
      assertThat(decision.status().getPhase()).isEqualTo(Phase.AwaitingApproval);
      assertThat(condition(decision.status(), "Ready").getMessage())
          .endsWith(
              "; the approval of fedcba9876543210… is for another plan, so nothing was applied");
      assertThat(decision.announcements())
          .filteredOn(a -> a.reason().equals("ApprovalStale"))
          .singleElement()
          .satisfies(
              a -> {
                assertThat(a.repeat()).isEqualTo(Announcement.Repeat.ONCE);
                assertThat(a.key()).isEqualTo(OTHER_DIGEST + "/" + DIGEST);
              });
    }

    @Test
    void theApprovalOfThisDigestRunsTheMigration() {
      Situation situation =
          new Situation().approvalRequired().finished(PLAN_JOB, succeededWithReport(PLAN_JSON));
      situation.decideAndStore();

      Decision decision = situation.annotate(Annotations.APPROVED_DIGEST, DIGEST).decide();

      assertThat(decision.start()).map(Decision.JobStart::name).contains(MIGRATE_JOB);
      assertThat(decision.status().getPhase()).isEqualTo(Phase.Migrating);
    }

    @Test
    void anApprovedAndAppliedInputStaysReady() {
      Situation situation =
          new Situation()
              .approvalRequired()
              .annotate(Annotations.APPROVED_DIGEST, DIGEST)
              .finished(MIGRATE_JOB, succeeded(applied("2", 2, 2, 0)));
      assertThat(situation.decideAndStore().status().getPhase()).isEqualTo(Phase.Ready);

      situation.assertAtRest();
    }
  }

  @Nested
  class Reset {
    @Test
    void isRefusedOutsideDevelopment() {
      Decision decision =
          new Situation()
              .environment("production", true)
              .annotate(Annotations.RESET_REQUESTED, TOKEN)
              .decide();

      assertThat(decision.start()).isEmpty();
      DatabaseMigrationStatus status = decision.status();
      assertThat(status.getReset().getResult()).isEqualTo(ResetResult.Refused);
      assertThat(status.getReset().getToken()).isEqualTo(TOKEN);
      assertThat(status.getReset().getMessage())
          .isEqualTo(
              "reset refused: it only runs with environment development, and this resource's environment is production; nothing was changed");
      assertThat(condition(status, "Reset").getStatus()).isEqualTo("False");
      assertThat(condition(status, "Reset").getReason()).isEqualTo("ResetRefused");
      assertThat(decision.announcements())
          .singleElement()
          .satisfies(
              a -> {
                assertThat(a.reason()).isEqualTo("ResetRefused");
                assertThat(a.key()).isEqualTo(TOKEN);
                assertThat(a.repeat()).isEqualTo(Announcement.Repeat.ONCE);
              });
    }

    @Test
    void isRefusedInDevelopmentWithoutAllowReset() {
      DatabaseMigrationStatus status =
          new Situation()
              .environment("development", false)
              .annotate(Annotations.RESET_REQUESTED, TOKEN)
              .decide()
              .status();

      assertThat(status.getReset().getResult()).isEqualTo(ResetResult.Refused);
      assertThat(status.getReset().getMessage())
          .startsWith("reset refused: spec.allowReset is not true");
    }

    @Test
    void aRefusedTokenIsNotExplainedTwice() {
      Situation situation =
          new Situation()
              .environment("production", true)
              .finished(MIGRATE_JOB, succeeded(applied("1", 1, 1, 0)));
      situation.decideAndStore();
      situation.annotate(Annotations.RESET_REQUESTED, TOKEN).decideAndStore();

      situation.assertAtRest();
    }

    @Test
    void startsAResetJobInDevelopment() {
      Decision decision =
          new Situation()
              .environment("development", true)
              .annotate(Annotations.RESET_REQUESTED, TOKEN)
              .decide();

      assertThat(decision.start())
          .hasValueSatisfying(
              start -> {
                assertThat(start.name()).isEqualTo(RESET_JOB);
                assertThat(Situation.args(start)).startsWith("reset").contains("--yes");
              });
      assertThat(decision.status().getReset().getResult()).isEqualTo(ResetResult.Running);
      assertThat(condition(decision.status(), "Reset").getStatus()).isEqualTo("Unknown");
    }

    @Test
    void comesBeforeAnInputAlreadyApplied() {
      Situation situation =
          new Situation()
              .environment("development", true)
              .finished(MIGRATE_JOB, succeeded(applied("1", 1, 1, 0)));
      situation.decideAndStore();

      Decision decision = situation.annotate(Annotations.RESET_REQUESTED, TOKEN).decide();

      assertThat(decision.start()).map(Decision.JobStart::name).contains(RESET_JOB);
    }

    @Test
    void aSucceededResetIsReadyAndCountedAsAMigrationRun() {
      Decision decision =
          new Situation()
              .environment("development", true)
              .annotate(Annotations.RESET_REQUESTED, TOKEN)
              .finished(RESET_JOB, succeeded(applied("2", 2, 2, 0)))
              .decide();

      DatabaseMigrationStatus status = decision.status();
      assertThat(status.getPhase()).isEqualTo(Phase.Ready);
      assertThat(status.getReset().getResult()).isEqualTo(ResetResult.Succeeded);
      assertThat(status.getReset().getMessage())
          .isEqualTo("the database was cleaned and migrated again by Job " + RESET_JOB);
      assertThat(condition(status, "Reset").getStatus()).isEqualTo("True");
      assertThat(decision.announcements())
          .singleElement()
          .satisfies(
              a -> {
                assertThat(a.reason()).isEqualTo("MigrationSucceeded");
                assertThat(a.jobRun().result()).isEqualTo(JobResult.Succeeded);
              });
    }

    @Test
    void aFailedResetSaysWhy() {
      DatabaseMigrationStatus status =
          new Situation()
              .environment("development", true)
              .annotate(Annotations.RESET_REQUESTED, TOKEN)
              .finished(
                  RESET_JOB, failed(failedAt("2", "V2__x.sql", "V2__x.sql failed: boom"), null))
              .decide()
              .status();

      assertThat(status.getReset().getResult()).isEqualTo(ResetResult.Failed);
      assertThat(status.getReset().getMessage()).isEqualTo("reset failed: V2__x.sql failed: boom");
      assertThat(condition(status, "Reset").getStatus()).isEqualTo("False");
      assertThat(status.getPhase()).isEqualTo(Phase.Failed);
    }

    @Test
    void aHandledTokenIsNotActedOnAgain() {
      Situation situation =
          new Situation()
              .environment("development", true)
              .annotate(Annotations.RESET_REQUESTED, TOKEN)
              .finished(RESET_JOB, succeeded(applied("1", 1, 1, 0)));
      situation.decideAndStore();

      situation.assertAtRest();
    }
  }
}
