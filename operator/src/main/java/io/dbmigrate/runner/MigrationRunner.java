package io.dbmigrate.runner;

import io.dbmigrate.db.ConnectionFailures;
import io.dbmigrate.db.ConnectionSettings;
import io.dbmigrate.db.SimpleDataSource;
import io.dbmigrate.runner.RunResult.AppliedMigration;
import io.dbmigrate.runner.RunResult.RunError;
import io.dbmigrate.runner.RunResult.Status;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationInfoService;
import org.flywaydb.core.api.MigrationState;
import org.flywaydb.core.api.MigrationVersion;
import org.flywaydb.core.api.output.MigrateOutput;
import org.flywaydb.core.api.output.MigrateResult;
import org.flywaydb.core.api.exception.FlywayValidateException;
import org.flywaydb.core.api.output.ValidateResult;
import org.flywaydb.core.internal.exception.FlywayMigrateException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies pending Flyway migrations, as the Job does. Expected failures — bad sources, an
 * unreachable database, a failing or changed migration — come back as a failed
 * {@link RunResult} with a message a team can act on, never as an exception, and never
 * with the password in it.
 */
public final class MigrationRunner {
  private static final Logger log = LoggerFactory.getLogger(MigrationRunner.class);
  private static final Comparator<AppliedMigration> EXECUTION_ORDER =
      Comparator.comparing((AppliedMigration m) -> m.version() == null)
          .thenComparing(m -> m.version() == null ? MigrationVersion.EMPTY : MigrationVersion.fromVersion(m.version()))
          .thenComparing(AppliedMigration::description, Comparator.nullsFirst(Comparator.naturalOrder()));

  /**
   * @param target {@code latest} (or null) for everything, else the version to stop at
   */
  public RunResult migrate(ConnectionSettings settings, List<Path> migrationDirs, String target) {
    long started = System.nanoTime();
    String checkedTarget = target == null || target.isBlank() ? "latest" : target.strip();
    Optional<String> badTarget = targetProblem(checkedTarget);
    if (badTarget.isPresent()) {
      log.warn("migration failed: {}", badTarget.get());
      return RunResult.failedBeforeStart(RunError.of(badTarget.get()), millisSince(started));
    }
    MigrationSources sources;
    try {
      sources = MigrationSources.collect(migrationDirs);
    } catch (MigrationSources.InvalidSourcesException e) {
      log.warn("migration failed: {}", e.getMessage());
      return RunResult.failedBeforeStart(RunError.of(e.getMessage()), millisSince(started));
    }
    try (sources) {
      return migrate(settings, sources, checkedTarget, started);
    } catch (FlywayException e) {
      RunError error = redact(MigrationFailures.explain(e, settings), settings, sources);
      log.warn("migration failed: {}", error.message());
      return RunResult.failedBeforeStart(error, millisSince(started));
    } catch (RuntimeException e) {
      // Unexpected: still a result the reconciler can show, still without the password.
      log.error("migration run failed unexpectedly on {}", settings.describe(), e);
      String message = "unexpected error: " + ValidationErrors.firstLine(String.valueOf(e.getMessage()));
      return RunResult.failedBeforeStart(
          RunError.of(settings.redact(hideWorkingDirectory(message, sources))), millisSince(started));
    }
  }

  private RunResult migrate(ConnectionSettings settings, MigrationSources sources, String target, long started) {
    SimpleDataSource dataSource = new SimpleDataSource(settings);
    // Connect here first: Flyway's own connection errors quote the JDBC URL and are multi-line.
    // The connection stays open to read the history afterwards, saving a second connect.
    Connection connection;
    try {
      connection = dataSource.getConnection();
    } catch (SQLException e) {
      String unreachable = ConnectionFailures.explain(e, settings);
      log.warn("migration failed: {}", unreachable);
      return RunResult.failedBeforeStart(RunError.of(unreachable), millisSince(started));
    }
    try (connection) {
      return migrate(settings, dataSource, connection, sources, target, started);
    } catch (SQLException e) {
      return RunResult.failedBeforeStart(RunError.of(ConnectionFailures.explain(e, settings)), millisSince(started));
    }
  }

  private RunResult migrate(ConnectionSettings settings, SimpleDataSource dataSource, Connection connection,
      MigrationSources sources, String target, long started) {
    log.info("migrating {} with {} migration files, target {}", settings.describe(), sources.migrationCount(), target);
    Flyway flyway = flyway(dataSource, sources, target);

    MigrateResult result;
    try {
      // migrate() validates first (validateOnMigrate); only a refusal pays for a second look.
      result = flyway.migrate();
    } catch (FlywayValidateException e) {
      ValidateResult validation = flyway.validateWithResult();
      RunError error = validation.validationSuccessful
          ? MigrationFailures.explain(e, settings)
          : ValidationErrors.explain(validation, Arrays.asList(flyway.info().all()));
      return failed(flyway, List.of(), redact(error, settings, sources), started);
    } catch (FlywayMigrateException e) {
      List<AppliedMigration> appliedBefore =
          e.getErrorResult() == null ? List.of() : appliedMigrations(e.getErrorResult());
      return failed(flyway, appliedBefore, redact(MigrationFailures.explain(e), settings, sources), started);
    } catch (FlywayException e) {
      return failed(flyway, List.of(), redact(MigrationFailures.explain(e, settings), settings, sources), started);
    }
    // The history is counted with one query rather than flyway.info(), which would scan and
    // checksum every file and read the history again: the main cost of a run with nothing to do.
    RunResult succeeded = RunResult.succeeded(
        currentVersion(result),
        appliedMigrations(result),
        SchemaHistory.countApplied(connection, result.schemaName, flyway.getConfiguration().getTable()),
        0,
        millisSince(started));
    log.info("{} is at version {}: {} applied, {} pending, {} ms", settings.describe(), succeeded.currentVersion(),
        succeeded.appliedCount(), succeeded.pending(), succeeded.durationMs());
    return succeeded;
  }

  /** The one Flyway configuration: the Job's runs and the health prober's inspections use it alike. */
  static Flyway flyway(DataSource dataSource, MigrationSources sources, String target) {
    return Flyway.configure()
        .dataSource(dataSource)
        .locations(sources.locations())
        .failOnMissingLocations(true)
        .validateMigrationNaming(true)
        .validateOnMigrate(true)
        // Pending migrations are what we are here to apply. Everything else — missing, future,
        // failed, changed — must stop the run: Flyway's default would ignore "future" ones.
        .ignoreMigrationPatterns("*:pending")
        .cleanDisabled(true)
        .connectRetries(0)
        .target(target)
        .loggers("slf4j")
        .load();
  }

  private static Optional<String> targetProblem(String target) {
    if (target.equalsIgnoreCase("latest")) {
      return Optional.empty();
    }
    try {
      MigrationVersion.fromVersion(target);
      return Optional.empty();
    } catch (FlywayException e) {
      return Optional.of("invalid target '" + target + "': use latest or a version such as 3 or 1.2");
    }
  }

  /** A failed result with the database's state as far as it can still be read. */
  private RunResult failed(Flyway flyway, List<AppliedMigration> applied, RunError error, long started) {
    String currentVersion = null;
    int totalApplied = 0;
    int pending = 0;
    try {
      MigrationInfoService info = flyway.info();
      currentVersion = currentVersion(info);
      totalApplied = totalApplied(info);
      pending = info.pending().length;
    } catch (FlywayException e) {
      log.debug("cannot read the schema history after a failure", e);
    }
    log.warn("migration failed: {}", error.message());
    return new RunResult(Status.Failed, currentVersion, applied, applied.size(), totalApplied, pending,
        millisSince(started), error, false);
  }

  private static List<AppliedMigration> appliedMigrations(MigrateResult result) {
    // Flyway keeps these in a map; order them as Flyway applies them: versions, then repeatables.
    return result.getSuccessfulMigrations().stream()
        .map(MigrationRunner::appliedMigration)
        .sorted(EXECUTION_ORDER)
        .toList();
  }

  private static AppliedMigration appliedMigration(MigrateOutput output) {
    String version = output.version == null || output.version.isBlank() ? null : output.version;
    return new AppliedMigration(
        version, output.description, ValidationErrors.fileName(output.filepath), output.executionTime);
  }

  /** Flyway reports the version reached, or, when nothing ran, the version it found. */
  private static String currentVersion(MigrateResult result) {
    String reached = result.targetSchemaVersion != null ? result.targetSchemaVersion : result.initialSchemaVersion;
    return reached == null || reached.isBlank() ? null : reached;
  }

  private static String currentVersion(MigrationInfoService info) {
    MigrationInfo current = info.current();
    return current == null || current.getVersion() == null ? null : current.getVersion().getVersion();
  }

  /** Successful versioned and repeatable migrations in the history, each repeatable once. */
  private static int totalApplied(MigrationInfoService info) {
    return (int) Arrays.stream(info.applied())
        .filter(m -> !m.getType().isSynthetic() && !m.getType().isBaseline() && !m.getType().isUndo())
        .filter(m -> m.getState().isApplied() && !m.getState().isFailed())
        .filter(m -> m.getState() != MigrationState.SUPERSEDED && m.getState() != MigrationState.UNDONE)
        .count();
  }

  private static RunError redact(RunError error, ConnectionSettings settings, MigrationSources sources) {
    return new RunError(error.version(), error.script(),
        settings.redact(hideWorkingDirectory(error.message(), sources)));
  }

  /** Messages should name the user's files, not the runner's private copy of them. */
  private static String hideWorkingDirectory(String message, MigrationSources sources) {
    return message == null ? null : message.replace(sources.root() + "/", "").replace(sources.root().toString(), "");
  }

  private static long millisSince(long started) {
    return (System.nanoTime() - started) / 1_000_000;
  }
}
