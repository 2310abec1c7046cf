package io.dbmigrate.health;

import io.dbmigrate.api.HealthStatus;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The health prober's metrics (probe latency, pending migrations). Labels are namespace, name and
 * result only: never a URL, user or anything else from a Secret.
 */
public final class HealthMetrics {
  public static final String PROBE_LATENCY = "dbmigrate.probe.latency";
  public static final String PENDING = "dbmigrate.migrations.pending";

  /** Fixed buckets rather than a percentile histogram: one series set per resource stays small. */
  private static final Duration[] LATENCY_BUCKETS = {
    Duration.ofNanos(500_000), Duration.ofMillis(1), Duration.ofMillis(2), Duration.ofMillis(5),
    Duration.ofMillis(10), Duration.ofMillis(25), Duration.ofMillis(50), Duration.ofMillis(100),
    Duration.ofMillis(250), Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofSeconds(5)
  };

  private final MeterRegistry registry;
  private final Map<ResourceKey, AtomicInteger> pending = new ConcurrentHashMap<>();

  public HealthMetrics(MeterRegistry registry) {
    this.registry = registry;
  }

  public MeterRegistry registry() {
    return registry;
  }

  void probed(ResourceKey key, DatabaseCheck check) {
    Timer.builder(PROBE_LATENCY)
        .description("Time to borrow a pooled connection and run SELECT 1")
        .tags(tags(key).and("result", HealthStatus.of(check.healthy())))
        .serviceLevelObjectives(LATENCY_BUCKETS)
        .register(registry)
        .record((long) (check.latencyMs() * 1_000_000), TimeUnit.NANOSECONDS);
  }

  void pending(ResourceKey key, int count) {
    pending
        .computeIfAbsent(
            key,
            k -> {
              AtomicInteger value = new AtomicInteger();
              Gauge.builder(PENDING, value, AtomicInteger::get)
                  .description("Migrations in the sources not yet applied, as last inspected")
                  .tags(tags(k))
                  .register(registry);
              return value;
            })
        .set(count);
  }

  /** A resource is gone: its series go too, so deleted resources do not linger in /metrics. */
  void forget(ResourceKey key) {
    pending.remove(key);
    registry.getMeters().stream()
        .filter(
            meter ->
                key.namespace().equals(meter.getId().getTag("namespace"))
                    && key.name().equals(meter.getId().getTag("name"))
                    && meter.getId().getName().startsWith("dbmigrate."))
        .forEach(registry::remove);
  }

  private static Tags tags(ResourceKey key) {
    return Tags.of("namespace", key.namespace(), "name", key.name());
  }
}
