package io.dbmigrate.reconcile;

import io.dbmigrate.api.DatabaseCheckStatus;
import io.dbmigrate.api.DatabaseMigration;
import io.dbmigrate.api.DatabaseMigrationStatus;
import io.dbmigrate.api.HealthChecks;
import io.dbmigrate.api.HealthStatus;
import io.dbmigrate.api.JobReference;
import io.dbmigrate.api.JobResult;
import io.dbmigrate.api.MigrationsCheckStatus;
import io.dbmigrate.api.Phase;
import io.dbmigrate.config.Targets;
import io.dbmigrate.health.DatabaseCheck;
import io.dbmigrate.health.HealthReport;
import io.dbmigrate.health.HealthTiming;
import io.dbmigrate.health.MigrationsCheck;
import io.dbmigrate.health.ProbeTarget;
import io.dbmigrate.health.ReportSchedule;
import io.dbmigrate.health.ResourceKey;
import io.dbmigrate.reconcile.MigrationInputs.MigrationSource;
import io.dbmigrate.reconcile.Observation.Resolved;
import io.dbmigrate.runner.InfoCounts;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedMap;

/**
 * The health part of the status, computed from the prober's latest report under the write
 * discipline: a change of health at once, new latency figures at most once per report interval,
 * else the stored health unchanged (so the status recorder sees no difference and writes nothing).
 * Also what the prober should watch for a resource.
 */
record ResourceHealth(Clock clock) {
  static final String REASON_HEALTHY = "Healthy";
  static final String REASON_UNREACHABLE = "DatabaseUnreachable";
  static final String REASON_MIGRATIONS = "MigrationsNotInPlace";
  static final String REASON_NOT_CHECKED = "NotChecked";

  /** What the prober watches for a resource with these inputs and this (new) status. */
  static ProbeTarget probeTarget(
      DatabaseMigration resource, Resolved resolved, DatabaseMigrationStatus status) {
    MigrationInputs inputs = resolved.inputs();
    HealthTiming timing = HealthTiming.of(resource.getSpec().getHealth());
    List<SortedMap<String, String>> files =
        inputs.sources().stream().map(MigrationSource::files).toList();
    // Anything that may move the schema: new inputs, another phase, another Job, another result.
    String revision =
        String.join(
            "/",
            resolved.digest(),
            String.valueOf(status.getAppliedDigest()),
            String.valueOf(status.getPhase()),
            status.getLastJob() == null
                ? ""
                : status.getLastJob().getName() + ":" + status.getLastJob().getResult());
    String target = Targets.orLatest(resource.getSpec().getMigrations().getTarget());
    return new ProbeTarget(
        key(resource),
        inputs.connection(),
        timing,
        files,
        target,
        revision,
        inputs.flyway().settings(),
        runSession(resource, status));
  }

  /** The migration session of the Job applying migrations now (a migrate or a reset), if any. */
  private static String runSession(DatabaseMigration resource, DatabaseMigrationStatus status) {
    JobReference job = status.getLastJob();
    if (status.getPhase() != Phase.Migrating
        || job == null
        || job.getResult() != JobResult.Running) {
      return null;
    }
    return JobNames.session(resource.getMetadata().getNamespace(), job.getName());
  }

  /** Merges the latest report into {@code status}, with its DatabaseHealthy condition. */
  DatabaseMigrationStatus withHealth(
      DatabaseMigration resource, DatabaseMigrationStatus status, Optional<HealthReport> latest) {
    HealthTiming timing = HealthTiming.of(resource.getSpec().getHealth());
    HealthStatus merged =
        merge(key(resource), status.getHealth(), latest.orElse(null), timing.reportInterval());
    status.setHealth(merged);
    if (merged != null) {
      setCondition(resource, status, merged);
    }
    return status;
  }

  /**
   * The error of the latest probe if it found the database unreachable. After a change of the
   * connection settings it may still be about the old ones, until the new registration's first
   * probe (which runs at once and, finding the database, brings another reconcile).
   */
  static Optional<String> unreachable(Optional<HealthReport> latest) {
    return latest
        .map(HealthReport::database)
        .filter(database -> !database.healthy())
        .map(
            database ->
                Objects.requireNonNullElse(database.error(), "the database does not answer"));
  }

  /** The inputs are invalid: nothing to connect to, so no stale health in the status. */
  DatabaseMigrationStatus withoutHealth(
      DatabaseMigration resource, DatabaseMigrationStatus status) {
    status.setHealth(null);
    if (Conditions.find(status.getConditions(), Conditions.DATABASE_HEALTHY).isPresent()) {
      status.setConditions(
          conditions(resource, status)
              .set(
                  Conditions.DATABASE_HEALTHY,
                  Conditions.UNKNOWN,
                  REASON_NOT_CHECKED,
                  "not checked while the inputs are invalid")
              .toList());
    }
    return status;
  }

  static HealthStatus merge(
      ResourceKey key, HealthStatus stored, HealthReport latest, Duration reportInterval) {
    if (latest == null) {
      return stored;
    }
    HealthStatus fresh = toStatus(latest);
    if (stored == null || !sameState(stored, fresh)) {
      return fresh;
    }
    Instant storedAt = parse(stored.getCheckedAt());
    return storedAt != null
            && !ReportSchedule.due(key, storedAt, latest.checkedAt(), reportInterval)
        ? stored
        : fresh;
  }

  static HealthStatus toStatus(HealthReport report) {
    DatabaseCheckStatus database = new DatabaseCheckStatus();
    database.setStatus(HealthStatus.of(report.database().healthy()));
    database.setLatencyMs(report.database().latencyMs());
    database.setError(report.database().error());
    HealthChecks checks = new HealthChecks();
    checks.setDatabase(database);
    if (report.migrations() != null) {
      MigrationsCheckStatus migrations = new MigrationsCheckStatus();
      migrations.setStatus(HealthStatus.of(report.migrations().healthy()));
      migrations.setPending(report.migrations().pending());
      migrations.setMessage(Messages.bounded(report.migrations().message()));
      InfoCounts counts = report.migrations().counts();
      if (counts != null) {
        migrations.setApplied(counts.applied());
        migrations.setFailed(counts.failed());
        migrations.setOutOfOrder(counts.outOfOrder());
        migrations.setIgnored(counts.ignored());
        migrations.setFuture(counts.future());
      }
      checks.setMigrations(migrations);
    }
    HealthStatus health = new HealthStatus();
    health.setStatus(report.status());
    health.setCheckedAt(report.checkedAt().truncatedTo(ChronoUnit.SECONDS).toString());
    health.setChecks(checks);
    return health;
  }

  /**
   * The health a resource's status holds, as a report: what a replica that does not probe it (a
   * standby, or the leader before its first probe) serves on {@code /health/{ns}/{name}}.
   */
  static Optional<HealthReport> fromStatus(HealthStatus health) {
    if (health == null || health.getChecks() == null || health.getChecks().getDatabase() == null) {
      return Optional.empty();
    }
    DatabaseCheckStatus database = health.getChecks().getDatabase();
    MigrationsCheckStatus migrations = health.getChecks().getMigrations();
    Instant checkedAt = parse(health.getCheckedAt());
    return Optional.of(
        new HealthReport(
            checkedAt == null ? Instant.EPOCH : checkedAt,
            new DatabaseCheck(
                HealthStatus.HEALTHY.equals(database.getStatus()),
                database.getLatencyMs() == null ? 0 : database.getLatencyMs(),
                database.getError()),
            migrations == null
                ? null
                : new MigrationsCheck(
                    HealthStatus.HEALTHY.equals(migrations.getStatus()),
                    migrations.getPending() == null ? 0 : migrations.getPending(),
                    migrations.getMessage())));
  }

  /** Same health apart from latency, error wording and time. */
  private static boolean sameState(HealthStatus a, HealthStatus b) {
    return Objects.equals(a.getStatus(), b.getStatus())
        && Objects.equals(databaseStatus(a), databaseStatus(b))
        && sameMigrations(migrations(a), migrations(b));
  }

  private static boolean sameMigrations(MigrationsCheckStatus a, MigrationsCheckStatus b) {
    if (a == null || b == null) {
      return a == b;
    }
    return Objects.equals(a.getStatus(), b.getStatus())
        && Objects.equals(a.getPending(), b.getPending())
        && Objects.equals(a.getMessage(), b.getMessage());
  }

  private void setCondition(
      DatabaseMigration resource, DatabaseMigrationStatus status, HealthStatus health) {
    String databaseStatus = databaseStatus(health);
    MigrationsCheckStatus migrations = migrations(health);
    Conditions conditions = conditions(resource, status);
    if (!HealthStatus.HEALTHY.equals(databaseStatus)) {
      String error = health.getChecks().getDatabase().getError();
      conditions.set(
          Conditions.DATABASE_HEALTHY,
          Conditions.FALSE,
          REASON_UNREACHABLE,
          Messages.bounded(Objects.requireNonNullElse(error, "the database does not answer")));
    } else if (migrations != null && !HealthStatus.HEALTHY.equals(migrations.getStatus())) {
      conditions.set(
          Conditions.DATABASE_HEALTHY,
          Conditions.FALSE,
          REASON_MIGRATIONS,
          migrations.getMessage());
    } else {
      conditions.set(
          Conditions.DATABASE_HEALTHY,
          Conditions.TRUE,
          REASON_HEALTHY,
          migrations == null
              ? "the database answers"
              : "the database answers and its schema matches the migrations");
    }
    status.setConditions(conditions.toList());
  }

  private Conditions conditions(DatabaseMigration resource, DatabaseMigrationStatus status) {
    return Conditions.editing(
        status.getConditions(),
        Objects.requireNonNullElse(resource.getMetadata().getGeneration(), 0L),
        clock.instant());
  }

  private static String databaseStatus(HealthStatus health) {
    return health.getChecks() == null || health.getChecks().getDatabase() == null
        ? null
        : health.getChecks().getDatabase().getStatus();
  }

  private static MigrationsCheckStatus migrations(HealthStatus health) {
    return health.getChecks() == null ? null : health.getChecks().getMigrations();
  }

  private static Instant parse(String timestamp) {
    try {
      return timestamp == null ? null : Instant.parse(timestamp);
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  static ResourceKey key(DatabaseMigration resource) {
    return new ResourceKey(resource.getMetadata().getNamespace(), resource.getMetadata().getName());
  }
}
