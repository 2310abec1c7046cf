package io.dbmigrate.reconcile;

import io.fabric8.kubernetes.api.model.DeletionPropagation;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.net.HttpURLConnection;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The Jobs a resource owns, as the informer sees them, and the one way to create another. */
final class OwnJobs {
  private static final Logger LOG = LoggerFactory.getLogger(OwnJobs.class);

  private final KubernetesClient client;
  private final List<Job> jobs;

  OwnJobs(KubernetesClient client, Collection<Job> jobs) {
    this.client = client;
    this.jobs = List.copyOf(jobs);
  }

  Optional<Job> named(String name) {
    return jobs.stream().filter(j -> name.equals(j.getMetadata().getName())).findFirst();
  }

  /** One run at a time per resource: a Job still running holds back any other. */
  Optional<Job> running() {
    return jobs.stream().filter(j -> !JobOutcomeReader.finished(j)).findFirst();
  }

  /**
   * Deletes finished Jobs beyond the newest {@code keep}, counting the one the status names first
   * and never deleting it: a resource whose inputs change often would otherwise collect a Job (and
   * its pods) per change.
   */
  void pruneFinished(int keep, String lastJob, String resource) {
    List<Job> others =
        jobs.stream()
            .filter(JobOutcomeReader::finished)
            .filter(j -> !j.getMetadata().getName().equals(lastJob))
            .sorted(NEWEST_FIRST)
            .toList();
    int keepOthers = Math.max(0, keep - (lastJob == null ? 0 : 1));
    for (Job job : others.subList(Math.min(keepOthers, others.size()), others.size())) {
      LOG.info(
          "{}: deleting finished Job {} beyond the history limit of {}",
          resource,
          job.getMetadata().getName(),
          keep);
      client
          .batch()
          .v1()
          .jobs()
          .inNamespace(job.getMetadata().getNamespace())
          .withName(job.getMetadata().getName())
          .withPropagationPolicy(DeletionPropagation.BACKGROUND)
          .delete();
    }
  }

  /** Creation time has one-second steps; ties go to the Job changed last (its resource version). */
  private static final Comparator<Job> NEWEST_FIRST =
      Comparator.comparing(
              (Job j) -> Objects.requireNonNullElse(j.getMetadata().getCreationTimestamp(), ""))
          .thenComparingLong(j -> resourceVersion(j))
          .reversed();

  private static long resourceVersion(Job job) {
    try {
      return Long.parseLong(job.getMetadata().getResourceVersion());
    } catch (NumberFormatException | NullPointerException e) {
      return 0;
    }
  }

  /** How a Job ended, read from its pods once it has. */
  JobOutcome outcome(Job job) {
    return new JobOutcomeReader(client).read(job);
  }

  /** Creates the Job; false when it already exists (another replica, or a stale cache). */
  boolean create(Job job) {
    try {
      client
          .batch()
          .v1()
          .jobs()
          .inNamespace(job.getMetadata().getNamespace())
          .resource(job)
          .create();
      return true;
    } catch (KubernetesClientException e) {
      if (e.getCode() == HttpURLConnection.HTTP_CONFLICT) {
        return false;
      }
      throw e;
    }
  }
}
