package io.dbmigrate.reconcile;

import io.dbmigrate.api.DatabaseMigration;
import io.dbmigrate.db.Redactor;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.net.HttpURLConnection;
import java.time.Clock;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records {@link Announcement}s as Kubernetes Events with deterministic names (resource, reason and
 * key), the way the Flink operator's EventUtils does: a repeat of a counted announcement bumps the
 * Event's count and last timestamp, a repeat of a once-only announcement is dropped — here from
 * memory, after a restart by the API server's AlreadyExists. Events are best effort: failing to
 * record one never fails a reconcile. Messages quote databases and drivers, so they are masked.
 */
final class EventRecorder {
  static final String STARTED = "MigrationStarted";
  static final String SUCCEEDED = "MigrationSucceeded";
  static final String FAILED = "MigrationFailed";
  static final String PODS_WAITING = "PodsWaiting";
  static final String GATES_NOT_RELEASED = "GatesNotReleased";
  static final String PLAN_READY = "PlanReady";
  static final String PLAN_FAILED = "PlanFailed";
  static final String APPROVAL_STALE = "ApprovalStale";
  static final String RESET_REFUSED = "ResetRefused";
  static final String WAITING_FOR_LOCK = "MigrationWaitingForLock";
  static final String REPAIRED = "Repaired";
  static final String REPAIR_FAILED = "RepairFailed";

  private static final Logger LOG = LoggerFactory.getLogger(EventRecorder.class);
  private static final int REMEMBERED = 10_000;
  private static final int MAX_NAME = 253;

  private final Clock clock;

  /** Names of once-only Events this process recorded: their repeats cost no API call. */
  private final Set<String> recordedOnce =
      Collections.synchronizedSet(
          Collections.newSetFromMap(
              new LinkedHashMap<>() {
                @Override
                protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
                  return size() > REMEMBERED;
                }
              }));

  EventRecorder(Clock clock) {
    this.clock = clock;
  }

  /**
   * @return false when a once-only announcement had been recorded before (so whatever goes with it,
   *     such as counting a Job's end, is not done twice)
   */
  boolean record(KubernetesClient client, DatabaseMigration resource, Announcement announcement) {
    String name = eventName(resource, announcement);
    boolean once = announcement.repeat() == Announcement.Repeat.ONCE;
    if (once && !recordedOnce.add(name)) {
      return false;
    }
    String namespace = resource.getMetadata().getNamespace();
    try {
      client
          .v1()
          .events()
          .inNamespace(namespace)
          .resource(event(resource, name, announcement))
          .create();
    } catch (KubernetesClientException e) {
      if (e.getCode() != HttpURLConnection.HTTP_CONFLICT) {
        LOG.warn(
            "{}: could not record event {}: {}",
            Decider.id(resource),
            announcement.reason(),
            e.getMessage());
      } else if (once) {
        return false;
      } else {
        bump(client, namespace, name, announcement);
      }
    }
    return true;
  }

  private void bump(
      KubernetesClient client, String namespace, String name, Announcement announcement) {
    try {
      client
          .v1()
          .events()
          .inNamespace(namespace)
          .withName(name)
          .edit(
              event -> {
                event.setCount(Objects.requireNonNullElse(event.getCount(), 1) + 1);
                event.setLastTimestamp(clock.instant().toString());
                event.setMessage(masked(announcement));
                return event;
              });
    } catch (KubernetesClientException e) {
      LOG.warn("{}: could not update event {}: {}", name, announcement.reason(), e.getMessage());
    }
  }

  /**
   * {@code <resource>.<16 hex>}: the hash covers the resource's uid (a re-created resource starts
   * afresh), the reason and the key.
   */
  static String eventName(DatabaseMigration resource, Announcement announcement) {
    String hash =
        InputDigest.sha256(
                resource.getMetadata().getUid()
                    + "/"
                    + announcement.reason()
                    + "/"
                    + announcement.key())
            .substring(0, 16);
    String prefix = resource.getMetadata().getName();
    return prefix.substring(0, Math.min(prefix.length(), MAX_NAME - 17)) + "." + hash;
  }

  private Event event(DatabaseMigration resource, String name, Announcement announcement) {
    String now = clock.instant().toString();
    return new EventBuilder()
        .withNewMetadata()
        .withName(name)
        .withNamespace(resource.getMetadata().getNamespace())
        .endMetadata()
        .withInvolvedObject(
            new ObjectReferenceBuilder()
                .withApiVersion(resource.getApiVersion())
                .withKind(resource.getKind())
                .withName(resource.getMetadata().getName())
                .withNamespace(resource.getMetadata().getNamespace())
                .withUid(resource.getMetadata().getUid())
                .withResourceVersion(resource.getMetadata().getResourceVersion())
                .build())
        .withType(announcement.warning() ? "Warning" : "Normal")
        .withReason(announcement.reason())
        .withMessage(masked(announcement))
        .withFirstTimestamp(now)
        .withLastTimestamp(now)
        .withCount(1)
        .withNewSource()
        .withComponent(Labels.OPERATOR)
        .endSource()
        .withReportingComponent(Labels.OPERATOR)
        .build();
  }

  private static String masked(Announcement announcement) {
    return Redactor.process().redact(announcement.message());
  }
}
