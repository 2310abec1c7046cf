package io.dbmigrate.reconcile;

import io.dbmigrate.api.DatabaseMigration;
import io.dbmigrate.db.Redactor;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Clock;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records Kubernetes Events on a resource, one per transition, as {@code kubectl describe} shows
 * them. Events are best effort: failing to record one never fails a reconcile. Messages quote
 * databases and drivers, so they are masked on the way out.
 */
final class MigrationEvents {
  static final String STARTED = "MigrationStarted";
  static final String SUCCEEDED = "MigrationSucceeded";
  static final String FAILED = "MigrationFailed";
  static final String PODS_WAITING = "PodsWaiting";
  static final String PLAN_READY = "PlanReady";
  static final String APPROVAL_STALE = "ApprovalStale";
  static final String RESET_REFUSED = "ResetRefused";

  private static final Logger LOG = LoggerFactory.getLogger(MigrationEvents.class);

  private final KubernetesClient client;
  private final Clock clock;

  MigrationEvents(KubernetesClient client, Clock clock) {
    this.client = client;
    this.clock = clock;
  }

  void normal(DatabaseMigration resource, String reason, String message) {
    record(resource, "Normal", reason, message);
  }

  void warning(DatabaseMigration resource, String reason, String message) {
    record(resource, "Warning", reason, message);
  }

  private void record(DatabaseMigration resource, String type, String reason, String message) {
    String namespace = resource.getMetadata().getNamespace();
    String name = resource.getMetadata().getName();
    String now = clock.instant().toString();
    var event =
        new EventBuilder()
            .withNewMetadata()
            .withName(
                name + "." + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong()))
            .withNamespace(namespace)
            .endMetadata()
            .withInvolvedObject(
                new ObjectReferenceBuilder()
                    .withApiVersion(resource.getApiVersion())
                    .withKind(resource.getKind())
                    .withName(name)
                    .withNamespace(namespace)
                    .withUid(resource.getMetadata().getUid())
                    .withResourceVersion(resource.getMetadata().getResourceVersion())
                    .build())
            .withType(type)
            .withReason(reason)
            .withMessage(Redactor.process().redact(message))
            .withFirstTimestamp(now)
            .withLastTimestamp(now)
            .withCount(1)
            .withNewSource()
            .withComponent(Labels.OPERATOR)
            .endSource()
            .withReportingComponent(Labels.OPERATOR)
            .build();
    try {
      client.v1().events().inNamespace(namespace).resource(event).create();
    } catch (KubernetesClientException e) {
      LOG.warn("{}/{}: could not record event {}: {}", namespace, name, reason, e.getMessage());
    }
  }
}
