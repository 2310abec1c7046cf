package io.dbmigrate.reconcile;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;

/**
 * Migration runs (migrate and reset Jobs) by result, and how long they took as the runner reported
 * it. Counted when a run's end is announced, which happens once per Job; plan Jobs change nothing
 * and are not counted.
 */
final class JobMetrics {
  static final String JOB_RUNS = "dbmigrate.job.runs";
  static final String MIGRATION_DURATION = "dbmigrate.migration.duration";

  private final MeterRegistry registry;

  JobMetrics(MeterRegistry registry) {
    this.registry = registry;
  }

  void finished(Announcement.JobRun run) {
    String result = run.result().name();
    Counter.builder(JOB_RUNS)
        .description("Migration Jobs by result")
        .tag("result", result)
        .register(registry)
        .increment();
    if (run.durationMs() != null) {
      Timer.builder(MIGRATION_DURATION)
          .description("Duration of a migration run, as the runner reported it")
          .tag("result", result)
          .register(registry)
          .record(Duration.ofMillis(run.durationMs()));
    }
  }
}
