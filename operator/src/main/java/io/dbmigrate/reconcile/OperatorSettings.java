package io.dbmigrate.reconcile;

import io.dbmigrate.config.DurationRange;
import java.time.Duration;

/**
 * How this operator instance runs.
 *
 * @param runnerImage the image of migration Jobs unless a resource names its own; normally the
 *     operator's own image, since the runner ships in the same jar
 * @param recheckInterval how often a resource is reconciled without an event, which catches changes
 *     of Secrets and ConfigMaps that do not carry the watch label
 */
public record OperatorSettings(String runnerImage, Duration recheckInterval) {
  public static final Duration DEFAULT_RECHECK_INTERVAL = Duration.ofMinutes(5);

  /**
   * Each recheck reads every resource's Secret and ConfigMaps: not more than every 10 s, at least
   * daily.
   */
  public static final DurationRange RECHECK_INTERVAL =
      DurationRange.between(Duration.ofSeconds(10), Duration.ofHours(24));
}
