package io.dbmigrate.reconcile;

import io.dbmigrate.api.DatabaseMigration;
import io.dbmigrate.gate.GateReleaser;
import io.dbmigrate.health.HealthProber;
import io.fabric8.kubernetes.api.model.DeletionPropagation;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobList;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.NonNamespaceOperation;
import io.fabric8.kubernetes.client.dsl.ScalableResource;
import java.net.HttpURLConnection;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Carries out a {@link Decision}: starts its Job, prunes old Jobs, lifts gates and tells the prober
 * what to watch. Only a Job that cannot be created fails the reconcile (JOSDK retries it and the
 * status says why); pruning and gates are retried by later reconciles, and what a person must fix
 * is announced.
 */
final class Actor {
  private static final Logger LOG = LoggerFactory.getLogger(Actor.class);

  private final HealthProber prober;
  private final GateReleaser gates = new GateReleaser();

  Actor(HealthProber prober) {
    this.prober = prober;
  }

  /**
   * What acting found worth an Event (a Job started, gates the API server refused), and whether a
   * refused gate wants another try soon.
   */
  record Acted(List<Announcement> announcements, boolean gatesRefused) {}

  Acted act(KubernetesClient client, DatabaseMigration resource, Decision decision) {
    List<Announcement> announcements = new ArrayList<>();
    decision
        .start()
        .filter(start -> create(client, start.job()))
        .ifPresent(
            start ->
                announcements.add(
                    Announcement.counted(
                        false,
                        EventRecorder.STARTED,
                        start.name(),
                        "Job " + start.name() + " started " + start.purpose())));
    decision.prune().forEach(job -> prune(client, resource, job));
    List<String> refused = gates.release(client, decision.releases());
    if (!refused.isEmpty()) {
      announcements.add(
          Announcement.counted(
              true,
              EventRecorder.GATES_NOT_RELEASED,
              "gates",
              refused.size()
                  + " gated pods could not be released and stay unscheduled: "
                  + String.join("; ", refused)));
    }
    decision
        .probe()
        .ifPresentOrElse(prober::register, () -> prober.unregister(ResourceHealth.key(resource)));
    return new Acted(announcements, !refused.isEmpty());
  }

  /** Creates the Job; false when it already exists (another replica, or a stale cache). */
  private static boolean create(KubernetesClient client, Job job) {
    try {
      jobs(client, job).resource(job).create();
      return true;
    } catch (KubernetesClientException e) {
      if (e.getCode() == HttpURLConnection.HTTP_CONFLICT) {
        return false;
      }
      throw e;
    }
  }

  /** Best effort: a Job that cannot be deleted now is listed again by the next reconcile. */
  private static void prune(KubernetesClient client, DatabaseMigration resource, Job job) {
    String name = job.getMetadata().getName();
    try {
      jobs(client, job)
          .withName(name)
          .withPropagationPolicy(DeletionPropagation.BACKGROUND)
          .delete();
      LOG.info("{}: deleted finished Job {} beyond the history limit", Decider.id(resource), name);
    } catch (KubernetesClientException e) {
      LOG.warn(
          "{}: could not delete finished Job {}: {}", Decider.id(resource), name, e.getMessage());
    }
  }

  private static NonNamespaceOperation<Job, JobList, ScalableResource<Job>> jobs(
      KubernetesClient client, Job job) {
    return client.batch().v1().jobs().inNamespace(job.getMetadata().getNamespace());
  }
}
