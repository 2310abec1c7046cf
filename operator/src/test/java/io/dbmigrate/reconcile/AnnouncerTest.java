package io.dbmigrate.reconcile;

import static io.dbmigrate.reconcile.Situation.MIGRATE_JOB;
import static io.dbmigrate.reconcile.Situation.applied;
import static io.dbmigrate.reconcile.Situation.succeeded;
import static org.assertj.core.api.Assertions.assertThat;

import io.dbmigrate.testing.MockCluster;
import io.fabric8.kubernetes.api.model.Event;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A Job's end seen twice — the second reconcile on a stale cache still holds the status from before
 * the end was recorded — is one Event and one count in the metrics.
 */
class AnnouncerTest {
  private MockCluster cluster;
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

  @BeforeEach
  void start() {
    cluster = MockCluster.start();
    cluster.createNamespace("shop");
  }

  @AfterEach
  void stop() {
    cluster.close();
  }

  @Test
  void aJobsEndSeenAgainOnAStaleCacheIsAnnouncedAndCountedOnce() {
    Situation stale = new Situation().finished(MIGRATE_JOB, succeeded(applied("1", 1, 1, 0)));
    Announcer announcer = announcer();

    // Both reconciles see the status from before the end was recorded.
    announcer.announce(cluster.client(), stale.resource, stale.decide().announcements());
    announcer.announce(cluster.client(), stale.resource, stale.decide().announcements());

    assertThat(events()).extracting(Event::getReason).containsExactly("MigrationSucceeded");
    assertThat(runs("Succeeded")).isEqualTo(1.0);
  }

  @Test
  void aRestartedOperatorDoesNotCountItAgain() {
    Situation stale = new Situation().finished(MIGRATE_JOB, succeeded(applied("1", 1, 1, 0)));
    announcer().announce(cluster.client(), stale.resource, stale.decide().announcements());

    SimpleMeterRegistry afterRestart = new SimpleMeterRegistry();
    new Announcer(new EventRecorder(Situation.CLOCK), new JobMetrics(afterRestart))
        .announce(cluster.client(), stale.resource, stale.decide().announcements());

    assertThat(events()).hasSize(1);
    assertThat(afterRestart.find(JobMetrics.JOB_RUNS).counter()).isNull();
  }

  @Test
  void twoJobsAreTwoRuns() {
    Situation first = new Situation().finished(MIGRATE_JOB, succeeded(applied("1", 1, 1, 0)));
    Situation second =
        new Situation()
            .digest(Situation.OTHER_DIGEST)
            .finished("shop-fedcba98", succeeded(applied("2", 1, 2, 0)));
    Announcer announcer = announcer();

    announcer.announce(cluster.client(), first.resource, first.decide().announcements());
    announcer.announce(cluster.client(), second.resource, second.decide().announcements());

    assertThat(events()).hasSize(2);
    assertThat(runs("Succeeded")).isEqualTo(2.0);
  }

  private Announcer announcer() {
    return new Announcer(new EventRecorder(Situation.CLOCK), new JobMetrics(registry));
  }

  private double runs(String result) {
    return registry.get(JobMetrics.JOB_RUNS).tag("result", result).counter().count();
  }

  private List<Event> events() {
    return cluster.client().v1().events().inNamespace("shop").list().getItems();
  }
}
