package io.dbmigrate.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import io.dbmigrate.runner.RunResult;
import io.dbmigrate.runner.RunResultJson;
import io.dbmigrate.testing.MockCluster;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * How a Job ended, read from its conditions and its pod's termination message, as the Job
 * controller and the kubelet leave them (written here by hand into the mock API server).
 */
class JobOutcomeReaderTest {
  private MockCluster cluster;
  private JobOutcomeReader reader;

  @BeforeEach
  void start() {
    cluster = MockCluster.start();
    cluster.createNamespace("shop");
    reader = new JobOutcomeReader(cluster.client());
  }

  @AfterEach
  void stop() {
    cluster.close();
  }

  @Test
  void aRunningJobIsNotLookedAtFurther() {
    JobOutcome outcome = reader.read(job(null, null, null));

    assertThat(outcome.state()).isEqualTo(JobOutcome.State.RUNNING);
    assertThat(cluster.requests()).as("no pods listed").noneMatch(r -> r.path().contains("/pods"));
  }

  @Test
  void aCompleteJobCarriesTheRunnersResult() {
    String json = new RunResultJson().toJson(RunResult.succeeded("3", List.of(), 3, 0, 25));
    pod("uid-1", "2026-11-27T11:01:00Z", 0, json);

    JobOutcome outcome = reader.read(job("Complete", null, "2026-11-27T11:01:05Z"));

    assertThat(outcome.state()).isEqualTo(JobOutcome.State.SUCCEEDED);
    assertThat(outcome.finishedAt()).isEqualTo("2026-11-27T11:01:05Z");
    assertThat(outcome.result())
        .hasValueSatisfying(r -> assertThat(r.currentVersion()).isEqualTo("3"));
    assertThat(outcome.report()).contains(json);
  }

  @Test
  void aCrashBeforeTheResultQuotesTheLogTail() {
    pod(
        "uid-1",
        "2026-11-27T11:01:00Z",
        137,
        "Exception in thread \"main\" java.lang.OutOfMemoryError\n");

    JobOutcome outcome = reader.read(job("Failed", "PodFailurePolicy", null));

    assertThat(outcome.state()).isEqualTo(JobOutcome.State.FAILED);
    assertThat(outcome.result()).isEmpty();
    assertThat(outcome.message())
        .isEqualTo(
            "the runner exited with code 137: Exception in thread \"main\" java.lang.OutOfMemoryError");
  }

  @Test
  void aJobWithoutPodsQuotesKubernetes() {
    JobOutcome outcome = reader.read(job("Failed", "DeadlineExceeded", null));

    assertThat(outcome.state()).isEqualTo(JobOutcome.State.FAILED);
    assertThat(outcome.message())
        .isEqualTo("DeadlineExceeded: Job was active longer than specified deadline");
  }

  @Test
  void theLatestOfSeveralPodsCounts() {
    pod("uid-1", "2026-11-27T11:01:00Z", 1, "first attempt");
    pod("uid-1", "2026-11-27T11:03:00Z", 1, "second attempt");

    JobOutcome outcome = reader.read(job("Failed", "BackoffLimitExceeded", null));

    assertThat(outcome.message()).isEqualTo("the runner exited with code 1: second attempt");
  }

  private Job job(String condition, String reason, String completionTime) {
    JobBuilder job =
        new JobBuilder()
            .withNewMetadata()
            .withName("shop-01234567")
            .withNamespace("shop")
            .withUid("uid-1")
            .endMetadata()
            .withNewStatus()
            .withCompletionTime(completionTime)
            .endStatus();
    if (condition != null) {
      job.editStatus()
          .addNewCondition()
          .withType(condition)
          .withStatus("True")
          .withReason(reason)
          .withMessage(
              "DeadlineExceeded".equals(reason)
                  ? "Job was active longer than specified deadline"
                  : null)
          .withLastTransitionTime("2026-11-27T11:01:06Z")
          .endCondition()
          .endStatus();
    }
    return job.build();
  }

  private void pod(String jobUid, String finishedAt, int exitCode, String message) {
    cluster
        .client()
        .resource(
            new PodBuilder()
                .withNewMetadata()
                .withGenerateName("shop-01234567-")
                .withName("shop-01234567-" + finishedAt.substring(14, 16))
                .withNamespace("shop")
                .addToLabels(Labels.JOB_CONTROLLER_UID, jobUid)
                .endMetadata()
                .withNewStatus()
                .addNewContainerStatus()
                .withName(MigrationJobFactory.CONTAINER)
                .withNewState()
                .withNewTerminated()
                .withExitCode(exitCode)
                .withFinishedAt(finishedAt)
                .withMessage(message)
                .endTerminated()
                .endState()
                .endContainerStatus()
                .endStatus()
                .build())
        .create();
  }
}
