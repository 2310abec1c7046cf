package io.dbmigrate.health;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.zip.CRC32;

/**
 * When unchanged health (a new latency figure) is reported, per resource. Each resource reports on
 * its own phase of the report interval: when the clock passes {@code phase + k * interval}, the
 * phase a hash of its namespace and name. Resources created together (a Helm release, an Argo CD
 * sync of a thousand) would otherwise report together, interval after interval, in one burst of
 * status writes; with a phase each, their writes spread evenly over the interval, and each still
 * reports once per interval. A change of state is reported at once, whatever the phase.
 */
public final class ReportSchedule {
  private ReportSchedule() {}

  /**
   * Whether a report is due at {@code now} for a resource last reported at {@code reportedAt}: a
   * phase boundary of this resource lies after {@code reportedAt} and at or before {@code now}.
   */
  public static boolean due(ResourceKey key, Instant reportedAt, Instant now, Duration interval) {
    if (reportedAt == null) {
      return true;
    }
    long period = Math.max(1, interval.toMillis());
    long phase = phase(key, period);
    return slot(now.toEpochMilli(), phase, period) > slot(reportedAt.toEpochMilli(), phase, period);
  }

  /** Milliseconds into the interval at which this resource's reports fall: stable per resource. */
  static long phase(ResourceKey key, long periodMillis) {
    CRC32 hash = new CRC32();
    hash.update(key.toString().getBytes(StandardCharsets.UTF_8));
    return hash.getValue() % periodMillis;
  }

  private static long slot(long epochMillis, long phase, long period) {
    return Math.floorDiv(epochMillis - phase, period);
  }
}
