package io.dbmigrate.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import io.dbmigrate.api.DatabaseMigration;
import io.dbmigrate.api.JobResult;
import io.dbmigrate.testing.MockCluster;
import io.dbmigrate.testing.TestResources;
import io.fabric8.kubernetes.api.model.Event;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Events with deterministic names, against the fabric8 mock API server in CRUD mode. */
class EventRecorderTest {
  private static final Clock T0 =
      Clock.fixed(Instant.parse("2026-11-27T12:00:00Z"), ZoneOffset.UTC);
  private static final Clock T1 =
      Clock.fixed(Instant.parse("2026-11-27T12:05:00Z"), ZoneOffset.UTC);

  private MockCluster cluster;
  private final DatabaseMigration resource =
      TestResources.migration("shop", "shop", "shop-db", "shop-migrations");

  @BeforeEach
  void start() {
    cluster = MockCluster.start();
    cluster.createNamespace("shop");
    resource.getMetadata().setUid("uid-shop");
  }

  @AfterEach
  void stop() {
    cluster.close();
  }

  @Test
  void aJobsEndIsRecordedOnceEvenByAnotherProcess() {
    Announcement end =
        Announcement.once(false, EventRecorder.SUCCEEDED, "uid-job-1", "database at version 1")
            .countingRun(new Announcement.JobRun(JobResult.Succeeded, 40L));
    EventRecorder recorder = new EventRecorder(T0);

    assertThat(recorder.record(cluster.client(), resource, end)).isTrue();
    assertThat(recorder.record(cluster.client(), resource, end)).as("same process").isFalse();
    assertThat(new EventRecorder(T1).record(cluster.client(), resource, end))
        .as("a restarted operator: the API server already has it")
        .isFalse();

    assertThat(events())
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.getReason()).isEqualTo("MigrationSucceeded");
              assertThat(e.getCount()).isEqualTo(1);
              assertThat(e.getMetadata().getName())
                  .isEqualTo(EventRecorder.eventName(resource, end));
            });
  }

  @Test
  void anotherJobsEndIsAnotherEvent() {
    EventRecorder recorder = new EventRecorder(T0);
    recorder.record(
        cluster.client(),
        resource,
        Announcement.once(false, "MigrationSucceeded", "uid-job-1", "one"));
    recorder.record(
        cluster.client(),
        resource,
        Announcement.once(false, "MigrationSucceeded", "uid-job-2", "two"));

    assertThat(events()).extracting(Event::getMessage).containsExactlyInAnyOrder("one", "two");
  }

  @Test
  void aCountedRepeatBumpsCountAndLastTimestamp() {
    Announcement waiting =
        Announcement.counted(true, EventRecorder.PODS_WAITING, "pods", "1 pod waits");
    new EventRecorder(T0).record(cluster.client(), resource, waiting);
    new EventRecorder(T1)
        .record(
            cluster.client(),
            resource,
            Announcement.counted(true, EventRecorder.PODS_WAITING, "pods", "2 pods wait"));

    assertThat(events())
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.getCount()).isEqualTo(2);
              assertThat(e.getFirstTimestamp()).isEqualTo("2026-11-27T12:00:00Z");
              assertThat(e.getLastTimestamp()).isEqualTo("2026-11-27T12:05:00Z");
              assertThat(e.getMessage()).isEqualTo("2 pods wait");
              assertThat(e.getType()).isEqualTo("Warning");
            });
  }

  @Test
  void namesAreValidAndBelongToTheResourceInstance() {
    Announcement a = Announcement.once(false, "PlanReady", "uid-job", "m");
    DatabaseMigration recreated =
        TestResources.migration("shop", "shop", "shop-db", "shop-migrations");
    recreated.getMetadata().setUid("uid-shop-2");
    DatabaseMigration longName =
        TestResources.migration("shop", "a".repeat(253), "shop-db", "shop-migrations");
    longName.getMetadata().setUid("uid-long");

    assertThat(EventRecorder.eventName(resource, a)).matches("shop\\.[0-9a-f]{16}");
    assertThat(EventRecorder.eventName(recreated, a))
        .isNotEqualTo(EventRecorder.eventName(resource, a));
    assertThat(EventRecorder.eventName(longName, a)).hasSizeLessThanOrEqualTo(253);
  }

  private List<Event> events() {
    return cluster.client().v1().events().inNamespace("shop").list().getItems();
  }
}
