package io.dbmigrate.reconcile;

import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.net.HttpURLConnection;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/** The Jobs a resource owns, as the informer sees them, and the one way to create another. */
final class OwnJobs {
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

  /** How a Job ended, read from its pods once it has. */
  JobOutcome outcome(Job job) {
    return new JobOutcomeReader(client).read(job);
  }

  /** Creates the Job; false when it already exists (another replica, or a stale cache). */
  boolean create(Job job) {
    try {
      client.batch().v1().jobs().inNamespace(job.getMetadata().getNamespace()).resource(job).create();
      return true;
    } catch (KubernetesClientException e) {
      if (e.getCode() == HttpURLConnection.HTTP_CONFLICT) {
        return false;
      }
      throw e;
    }
  }
}
