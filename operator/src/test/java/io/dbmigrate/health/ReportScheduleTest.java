package io.dbmigrate.health;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReportScheduleTest {
  private static final Duration INTERVAL = Duration.ofMinutes(5);
  private static final Duration PROBE_EVERY = Duration.ofSeconds(30);
  private static final Instant CREATED = Instant.parse("2026-12-07T00:00:07Z");

  @Test
  void eachResourceReportsOncePerInterval() {
    ResourceKey key = new ResourceKey("shop", "orders");
    List<Instant> reports = reports(key, Duration.ofHours(1));

    assertThat(reports).hasSizeBetween(12, 13); // the first at creation, then one per interval
    for (int i = 2; i < reports.size(); i++) {
      assertThat(Duration.between(reports.get(i - 1), reports.get(i))).isEqualTo(INTERVAL);
    }
  }

  /**
   * A thousand resources created in the same second, probed every 30 s: after the first report of
   * each, their reports spread over the interval instead of arriving together.
   */
  @Test
  void resourcesCreatedTogetherSpreadTheirReportsOverTheInterval() {
    int slots = (int) (INTERVAL.toSeconds() / PROBE_EVERY.toSeconds());
    int[] perSlot = new int[slots];
    int resources = 1000;
    for (int i = 0; i < resources; i++) {
      List<Instant> reports =
          reports(new ResourceKey("team-" + i % 10, "db-" + i), INTERVAL.multipliedBy(3));
      for (Instant report : reports.subList(1, reports.size())) {
        long second = Duration.between(CREATED, report).toSeconds() % INTERVAL.toSeconds();
        perSlot[(int) (second / PROBE_EVERY.toSeconds())]++;
      }
    }
    int total = java.util.Arrays.stream(perSlot).sum();
    int peak = java.util.Arrays.stream(perSlot).max().orElseThrow();
    double mean = (double) total / slots;

    assertThat(total).isBetween(2 * resources, 3 * resources);
    assertThat(peak).as("the busiest 30 s against the mean").isLessThanOrEqualTo((int) (2 * mean));
  }

  @Test
  void theFirstReportIsAlwaysDue() {
    assertThat(ReportSchedule.due(new ResourceKey("a", "b"), null, CREATED, INTERVAL)).isTrue();
  }

  /** A report at creation (the first state), then whenever the schedule says so. */
  private static List<Instant> reports(ResourceKey key, Duration over) {
    List<Instant> reports = new ArrayList<>();
    Instant reported = null;
    for (Instant probe = CREATED;
        probe.isBefore(CREATED.plus(over));
        probe = probe.plus(PROBE_EVERY)) {
      if (ReportSchedule.due(key, reported, probe, INTERVAL)) {
        reports.add(probe);
        reported = probe;
      }
    }
    return reports;
  }
}
