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
import java.util.concurrent.atomic.AtomicLong;

/**
 * The health prober's metrics. Per resource, three gauges (database up, the last probe's latency,
 * pending migrations): a thousand resources add three thousand series, not a histogram each. The
 * latency histogram has no per-resource labels, only the result. Labels are namespace, name and
 * result only: never a URL, user or anything else from a Secret.
 */
public final class HealthMetrics {
  public static final String PROBE_LATENCY = "dbmigrate.probe.latency";
  public static final String PENDING = "dbmigrate.migrations.pending";
  public static final String UP = "dbmigrate.database.up";
  public static final String LAST_LATENCY = "dbmigrate.probe.last.latency";

  /** Fixed buckets rather than a percentile histogram: the series set stays small. */
  private static final Duration[] LATENCY_BUCKETS = {
    Duration.ofNanos(500_000), Duration.ofMillis(1), Duration.ofMillis(2), Duration.ofMillis(5),
    Duration.ofMillis(10), Duration.ofMillis(25), Duration.ofMillis(50), Duration.ofMillis(100),
    Duration.ofMillis(250), Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofSeconds(5)
  };

  private final MeterRegistry registry;
  private final Map<ResourceKey, AtomicInteger> pending = new ConcurrentHashMap<>();
  private final Map<ResourceKey, ProbeGauges> probes = new ConcurrentHashMap<>();

  /** The last probe of one resource, as its two gauges read it. */
  private static final class ProbeGauges {
    final AtomicInteger up = new AtomicInteger();
    final AtomicLong latencyNanos = new AtomicLong();
  }

  public HealthMetrics(MeterRegistry registry) {
    this.registry = registry;
  }

  public MeterRegistry registry() {
    return registry;
  }

  void probed(ResourceKey key, DatabaseCheck check) {
    Timer.builder(PROBE_LATENCY)
        .description("Time to borrow a pooled connection and run SELECT 1")
        .tags("result", HealthStatus.of(check.healthy()))
        .serviceLevelObjectives(LATENCY_BUCKETS)
        .register(registry)
        .record((long) (check.latencyMs() * 1_000_000), TimeUnit.NANOSECONDS);
    ProbeGauges gauges = probes.computeIfAbsent(key, this::registerProbeGauges);
    gauges.up.set(check.healthy() ? 1 : 0);
    gauges.latencyNanos.set((long) (check.latencyMs() * 1_000_000));
  }

  private ProbeGauges registerProbeGauges(ResourceKey key) {
    ProbeGauges gauges = new ProbeGauges();
    Gauge.builder(UP, gauges.up, AtomicInteger::get)
        .description("1 when the last probe reached the database, else 0")
        .tags(tags(key))
        .register(registry);
    Gauge.builder(LAST_LATENCY, gauges.latencyNanos, nanos -> nanos.get() / 1e9)
        .description("Seconds the last probe took (borrow a pooled connection, SELECT 1)")
        .tags(tags(key))
        .baseUnit("seconds")
        .register(registry);
    return gauges;
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
    probes.remove(key);
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
