package io.dbmigrate.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import io.dbmigrate.api.HealthStatus;
import io.dbmigrate.health.DatabaseCheck;
import io.dbmigrate.health.HealthReport;
import io.dbmigrate.health.MigrationsCheck;
import io.dbmigrate.health.ReportSchedule;
import io.dbmigrate.health.ResourceKey;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The write discipline: health changes at once, latency alone once per report interval. */
class ResourceHealthTest {
  private static final ResourceKey KEY = new ResourceKey("shop", "shop");
  private static final Duration REPORT_INTERVAL = Duration.ofMinutes(5);
  private static final Instant T0 = Instant.parse("2026-11-24T10:00:00Z");
  private static final MigrationsCheck IN_PLACE =
      new MigrationsCheck(true, 0, "0 pending, no drift");

  @Test
  void latencyAloneIsKeptUntilTheResourcesNextReportTime() {
    HealthStatus stored = ResourceHealth.toStatus(report(T0, true, 0.8, IN_PLACE));
    Instant next = T0;
    while (!ReportSchedule.due(KEY, T0, next, REPORT_INTERVAL)) {
      next = next.plusSeconds(1);
    }
    assertThat(next).isAfter(T0).isBeforeOrEqualTo(T0.plus(REPORT_INTERVAL));

    assertThat(
            ResourceHealth.merge(
                KEY, stored, report(next.minusSeconds(1), true, 2.5, IN_PLACE), REPORT_INTERVAL))
        .isSameAs(stored);
    HealthStatus refreshed =
        ResourceHealth.merge(KEY, stored, report(next, true, 2.5, IN_PLACE), REPORT_INTERVAL);
    assertThat(refreshed.getChecks().getDatabase().getLatencyMs()).isEqualTo(2.5);
    assertThat(refreshed.getCheckedAt()).isEqualTo(next.toString());
    assertThat(
            ResourceHealth.merge(
                KEY,
                refreshed,
                report(next.plus(REPORT_INTERVAL).minusSeconds(1), true, 3.5, IN_PLACE),
                REPORT_INTERVAL))
        .as("then once per interval")
        .isSameAs(refreshed);
  }

  @Test
  void aChangeOfHealthIsWrittenAtOnce() {
    HealthStatus stored = ResourceHealth.toStatus(report(T0, true, 0.8, IN_PLACE));

    HealthStatus down =
        ResourceHealth.merge(
            KEY, stored, report(T0.plusSeconds(1), false, 5000, IN_PLACE), REPORT_INTERVAL);
    assertThat(down.getStatus()).isEqualTo("unhealthy");
    assertThat(down.getChecks().getDatabase().getStatus()).isEqualTo("unhealthy");

    HealthStatus pending =
        ResourceHealth.merge(
            KEY,
            stored,
            report(
                T0.plusSeconds(1), true, 0.8, new MigrationsCheck(false, 1, "1 pending, no drift")),
            REPORT_INTERVAL);
    assertThat(pending.getStatus()).isEqualTo("unhealthy");
    assertThat(pending.getChecks().getMigrations().getPending()).isEqualTo(1);
  }

  @Test
  void aReplicaThatDoesNotProbeServesWhatTheStatusHolds() {
    HealthReport report =
        new HealthReport(
            Instant.parse("2026-11-25T10:00:00Z"),
            new DatabaseCheck(
                false, 5.25, "cannot reach the database at db:5432/shop as app: timed out"),
            new MigrationsCheck(false, 2, "2 pending"));
    HealthReport served = ResourceHealth.fromStatus(ResourceHealth.toStatus(report)).orElseThrow();
    assertThat(served).isEqualTo(report);
    assertThat(served.status()).isEqualTo("unhealthy");
    assertThat(ResourceHealth.fromStatus(null)).isEmpty();
  }

  @Test
  void noReportKeepsWhatIsStored() {
    HealthStatus stored = ResourceHealth.toStatus(report(T0, true, 0.8, null));
    assertThat(ResourceHealth.merge(KEY, stored, null, REPORT_INTERVAL)).isSameAs(stored);
    assertThat(ResourceHealth.merge(KEY, null, null, REPORT_INTERVAL)).isNull();
  }

  private static HealthReport report(
      Instant at, boolean databaseHealthy, double latencyMs, MigrationsCheck migrations) {
    return new HealthReport(
        at,
        new DatabaseCheck(
            databaseHealthy,
            latencyMs,
            databaseHealthy ? null : "cannot reach the database at db:5432/shop as app: timed out"),
        migrations);
  }
}
