package io.dbmigrate.reconcile;

import io.dbmigrate.runner.RunResult;
import io.dbmigrate.runner.RunResultJson;
import io.fabric8.kubernetes.api.model.ContainerStateTerminated;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobCondition;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads how a Job ended: the Job's conditions say whether, the runner's JSON in its pod's
 * termination message says what happened. Pods are listed only once a Job has finished.
 */
final class JobOutcomeReader {
  private static final Logger LOG = LoggerFactory.getLogger(JobOutcomeReader.class);

  private final KubernetesClient client;

  JobOutcomeReader(KubernetesClient client) {
    this.client = client;
  }

  JobOutcome read(Job job) {
    if (!finished(job)) {
      return JobOutcome.running();
    }
    Optional<JobCondition> complete = condition(job, "Complete");
    Optional<JobCondition> failed = condition(job, "Failed");
    Optional<ContainerStateTerminated> termination = lastTermination(job);
    Optional<RunResult> result =
        termination.map(ContainerStateTerminated::getMessage).flatMap(this::parse);
    if (complete.isPresent()) {
      String finishedAt =
          Objects.requireNonNullElse(
              job.getStatus().getCompletionTime(), complete.get().getLastTransitionTime());
      return new JobOutcome(
          JobOutcome.State.SUCCEEDED, result, finishedAt, null, report(termination));
    }
    JobCondition failure = failed.get();
    String message =
        termination
            .filter(t -> result.isEmpty() && t.getMessage() != null && !t.getMessage().isBlank())
            .map(
                t ->
                    "the runner exited with code "
                        + t.getExitCode()
                        + ": "
                        + t.getMessage().strip())
            .orElseGet(() -> kubernetesReason(failure));
    return new JobOutcome(
        JobOutcome.State.FAILED,
        result,
        failure.getLastTransitionTime(),
        message,
        report(termination));
  }

  private static Optional<String> report(Optional<ContainerStateTerminated> termination) {
    return termination.map(ContainerStateTerminated::getMessage).filter(m -> !m.isBlank());
  }

  /** Whether Kubernetes considers the Job done, either way. */
  static boolean finished(Job job) {
    return condition(job, "Complete").isPresent() || condition(job, "Failed").isPresent();
  }

  private static String kubernetesReason(JobCondition failure) {
    String reason = Objects.requireNonNullElse(failure.getReason(), "Failed");
    return failure.getMessage() == null ? reason : reason + ": " + failure.getMessage();
  }

  private Optional<RunResult> parse(String message) {
    if (message == null || message.isBlank()) {
      return Optional.empty();
    }
    try {
      return Optional.of(new RunResultJson().fromJson(message));
    } catch (RuntimeException e) {
      // FallbackToLogsOnError puts the log tail here when the runner crashed before writing JSON.
      return Optional.empty();
    }
  }

  private Optional<ContainerStateTerminated> lastTermination(Job job) {
    List<Pod> pods =
        client
            .pods()
            .inNamespace(job.getMetadata().getNamespace())
            .withLabel(Labels.JOB_CONTROLLER_UID, job.getMetadata().getUid())
            .list()
            .getItems();
    Optional<ContainerStateTerminated> last =
        pods.stream()
            .map(JobOutcomeReader::migrateContainerTermination)
            .flatMap(Optional::stream)
            .max(Comparator.comparing(t -> Objects.requireNonNullElse(t.getFinishedAt(), "")));
    if (last.isEmpty()) {
      LOG.warn(
          "{}/{}: Job finished but none of its {} pods reported a termination",
          job.getMetadata().getNamespace(),
          job.getMetadata().getName(),
          pods.size());
    }
    return last;
  }

  private static Optional<ContainerStateTerminated> migrateContainerTermination(Pod pod) {
    if (pod.getStatus() == null || pod.getStatus().getContainerStatuses() == null) {
      return Optional.empty();
    }
    return pod.getStatus().getContainerStatuses().stream()
        .filter(s -> MigrationJobFactory.CONTAINER.equals(s.getName()))
        .map(ContainerStatus::getState)
        .filter(Objects::nonNull)
        .map(state -> state.getTerminated())
        .filter(Objects::nonNull)
        .findFirst();
  }

  private static Optional<JobCondition> condition(Job job, String type) {
    if (job.getStatus() == null || job.getStatus().getConditions() == null) {
      return Optional.empty();
    }
    return job.getStatus().getConditions().stream()
        .filter(c -> type.equals(c.getType()) && "True".equals(c.getStatus()))
        .findFirst();
  }
}
