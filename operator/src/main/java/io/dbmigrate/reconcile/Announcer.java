package io.dbmigrate.reconcile;

import io.dbmigrate.api.DatabaseMigration;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes announcements known: an Event, a log line, and for a migration run's end the Job metrics —
 * all three only the first time a once-only announcement is made, so a reconcile on a stale cache
 * that finds the same Job's end again neither logs, records nor counts it twice.
 */
final class Announcer {
  private static final Logger LOG = LoggerFactory.getLogger(Announcer.class);

  private final EventRecorder events;
  private final JobMetrics metrics;

  Announcer(EventRecorder events, JobMetrics metrics) {
    this.events = events;
    this.metrics = metrics;
  }

  void announce(
      KubernetesClient client, DatabaseMigration resource, List<Announcement> announcements) {
    for (Announcement announcement : announcements) {
      if (!events.record(client, resource, announcement)) {
        continue;
      }
      if (announcement.warning()) {
        LOG.warn("{}: {}: {}", Decider.id(resource), announcement.reason(), announcement.message());
      } else {
        LOG.info("{}: {}: {}", Decider.id(resource), announcement.reason(), announcement.message());
      }
      if (announcement.jobRun() != null) {
        metrics.finished(announcement.jobRun());
      }
    }
  }
}
