package io.dbmigrate.health;

import io.dbmigrate.db.ConnectionPools;
import io.dbmigrate.db.MigrationSessions;
import io.dbmigrate.db.SessionActivity;
import io.dbmigrate.runner.SchemaInspector;
import io.dbmigrate.runner.SchemaState;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Probes every registered resource on its interval, on a small fixed pool of threads (never a
 * thread per resource), through one shared connection pool per database. It keeps the latest report
 * per resource and tells the listener when the health changed, or when the report interval passed
 * with only the latency moving; writing the status is the listener's business.
 */
public final class HealthProber implements AutoCloseable {
  public static final int DEFAULT_THREADS = 2;

  /**
   * The migrations check scans and checksums every file: it runs this often, or when the revision
   * changes.
   */
  public static final Duration DEFAULT_MIGRATIONS_CHECK_INTERVAL = Duration.ofMinutes(5);

  /** How often a running Job's session is looked at: a lock wait shows within seconds. */
  static final Duration RUN_WATCH_INTERVAL = Duration.ofSeconds(2);

  private static final Logger LOG = LoggerFactory.getLogger(HealthProber.class);

  private final ConnectionPools pools;
  private final HealthMetrics metrics;
  private final HealthListener listener;
  private final Clock clock;
  private final Duration migrationsCheckInterval;
  private final ScheduledExecutorService scheduler;
  private final DatabaseProbe databaseProbe = new DatabaseProbe();
  private final SchemaInspector inspector = new SchemaInspector();
  private final Map<ResourceKey, Registration> registrations = new ConcurrentHashMap<>();

  public HealthProber(
      ConnectionPools pools, HealthMetrics metrics, HealthListener listener, Clock clock) {
    this(pools, metrics, listener, clock, DEFAULT_THREADS, DEFAULT_MIGRATIONS_CHECK_INTERVAL);
  }

  public HealthProber(
      ConnectionPools pools,
      HealthMetrics metrics,
      HealthListener listener,
      Clock clock,
      int threads,
      Duration migrationsCheckInterval) {
    this.pools = pools;
    this.metrics = metrics;
    this.listener = listener;
    this.clock = clock;
    this.migrationsCheckInterval = migrationsCheckInterval;
    AtomicInteger number = new AtomicInteger();
    this.scheduler =
        Executors.newScheduledThreadPool(
            threads,
            runnable -> {
              Thread thread = new Thread(runnable, "health-probe-" + number.incrementAndGet());
              thread.setDaemon(true);
              return thread;
            });
  }

  /** What one resource's probing knows between probes. */
  private static final class Registration {
    final ProbeTarget target;
    final DataSource pool;
    ScheduledFuture<?> schedule;
    ScheduledFuture<?> runWatch;
    volatile HealthReport latest;
    volatile Optional<RunningMigration> running = Optional.empty();
    MigrationsCheck migrations;
    String migrationsRevision;
    Instant migrationsCheckedAt;
    Instant reportedAt;

    void cancel() {
      schedule.cancel(false);
      if (runWatch != null) {
        runWatch.cancel(false);
      }
    }

    Registration(ProbeTarget target, DataSource pool, Registration previous) {
      this.target = target;
      this.pool = pool;
      if (previous != null) {
        latest = previous.latest;
        reportedAt = previous.reportedAt;
        migrations = previous.migrations;
        migrationsRevision = previous.migrationsRevision;
        migrationsCheckedAt = previous.migrationsCheckedAt;
        if (Objects.equals(previous.target.runSession(), target.runSession())) {
          running = previous.running;
        }
      }
    }
  }

  /**
   * Starts probing the resource, or adapts to a changed target: other connection settings move it
   * to another pool (closing the old one if unused), another interval reschedules it. The same
   * target again changes nothing, so the reconciler may call this on every reconcile.
   */
  public void register(ProbeTarget target) {
    registrations.compute(
        target.key(),
        (key, current) -> {
          if (current != null && current.target.equals(target)) {
            return current;
          }
          if (current != null) {
            current.cancel();
          }
          DataSource pool =
              pools.acquire(key.toString(), target.settings(), target.timing().timeout());
          Registration next = new Registration(target, pool, current);
          long interval = target.timing().interval().toMillis();
          next.schedule =
              scheduler.scheduleWithFixedDelay(
                  () -> probe(next), 0, interval, TimeUnit.MILLISECONDS);
          if (target.runSession() != null) {
            next.runWatch =
                scheduler.scheduleWithFixedDelay(
                    () -> watchRun(next), 0, RUN_WATCH_INTERVAL.toMillis(), TimeUnit.MILLISECONDS);
          }
          return next;
        });
  }

  /** Stops probing the resource and lets go of its pool. */
  public void unregister(ResourceKey key) {
    Registration removed = registrations.remove(key);
    if (removed != null) {
      removed.cancel();
      pools.release(key.toString());
      metrics.forget(key);
    }
  }

  /** The migration the resource's running Job applies, as last seen; empty when none is seen. */
  public Optional<RunningMigration> running(ResourceKey key) {
    Registration registration = registrations.get(key);
    return registration == null ? Optional.empty() : registration.running;
  }

  /**
   * Looks at the running Job's migration session; tells the listener when it starts another
   * migration or starts or stops waiting for a lock. A database that cannot be asked changes
   * nothing here: the health probe reports that.
   */
  private void watchRun(Registration registration) {
    ResourceKey key = registration.target.key();
    try (Connection connection = registration.pool.getConnection()) {
      Set<String> files = fileNames(registration.target);
      List<SessionActivity> sessions =
          MigrationSessions.ofRun(
              registration.target.settings().engine(),
              connection,
              registration.target.runSession(),
              files);
      Optional<RunningMigration> before = registration.running;
      Optional<RunningMigration> now =
          RunningMigration.seen(
              before, registration.target.runSession(), sessions, files, clock.instant());
      if (!now.equals(before) && registrations.get(key) == registration) {
        registration.running = now;
        now.ifPresent(run -> LOG.info("{}: {}", key, run.describe()));
        listener.healthChanged(key);
      }
    } catch (SQLException | RuntimeException e) {
      LOG.debug("{}: cannot look at the running migration: {}", key, e.getMessage());
    }
  }

  private static Set<String> fileNames(ProbeTarget target) {
    Set<String> names = new HashSet<>();
    target.sources().forEach(files -> names.addAll(files.keySet()));
    return names;
  }

  public Optional<HealthReport> latest(ResourceKey key) {
    Registration registration = registrations.get(key);
    return registration == null ? Optional.empty() : Optional.ofNullable(registration.latest);
  }

  private void probe(Registration registration) {
    ResourceKey key = registration.target.key();
    try {
      if (!listener.stillWanted(key)) {
        LOG.info("{}: resource is gone, health probing stopped", key);
        unregister(key);
        return;
      }
      HealthReport report = probeOnce(registration);
      HealthReport previous = registration.latest;
      registration.latest = report;
      boolean changed = !report.sameStateAs(previous);
      if (changed && previous != null) {
        LOG.info("{}: database is now {}{}", key, report.status(), reasonOf(report));
      }
      boolean reportDue =
          ReportSchedule.due(
              key,
              registration.reportedAt,
              report.checkedAt(),
              registration.target.timing().reportInterval());
      if ((changed || reportDue) && registrations.get(key) == registration) {
        registration.reportedAt = report.checkedAt();
        listener.healthChanged(key);
      }
    } catch (RuntimeException e) {
      // An exception would cancel the schedule for good; log it (no settings in it) and go on.
      LOG.warn("{}: health probe failed unexpectedly: {}", key, e.toString());
    }
  }

  private HealthReport probeOnce(Registration registration) {
    ProbeTarget target = registration.target;
    Instant checkedAt = clock.instant();
    DatabaseCheck database =
        databaseProbe.check(registration.pool, target.settings(), target.timing().timeout());
    metrics.probed(target.key(), database);
    if (database.healthy()
        && !target.sources().isEmpty()
        && migrationsCheckDue(registration, checkedAt)) {
      SchemaState state;
      // Flyway takes two connections at times: two inspections sharing a pool of two could each
      // hold one and wait for the other until the timeout. One inspection per pool at a time.
      synchronized (registration.pool) {
        state =
            inspector.inspect(
                registration.pool,
                target.settings(),
                target.sources(),
                target.target(),
                target.flyway());
      }
      registration.migrations =
          new MigrationsCheck(state.inPlace(), state.pending(), state.message(), state.counts());
      if (state.conclusive()) {
        registration.migrationsRevision = target.revision();
        registration.migrationsCheckedAt = checkedAt;
        metrics.pending(target.key(), state.pending());
      }
    }
    return new HealthReport(
        checkedAt, database, target.sources().isEmpty() ? null : registration.migrations);
  }

  private boolean migrationsCheckDue(Registration registration, Instant now) {
    return registration.migrationsCheckedAt == null
        || !registration.target.revision().equals(registration.migrationsRevision)
        || !now.isBefore(registration.migrationsCheckedAt.plus(migrationsCheckInterval));
  }

  private static String reasonOf(HealthReport report) {
    if (!report.database().healthy()) {
      return ": " + report.database().error();
    }
    return report.migrations() == null ? "" : ": " + report.migrations().message();
  }

  @Override
  public void close() {
    scheduler.shutdownNow();
    registrations.keySet().forEach(key -> pools.release(key.toString()));
    registrations.clear();
  }
}
