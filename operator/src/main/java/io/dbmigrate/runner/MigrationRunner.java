package io.dbmigrate.runner;

import io.dbmigrate.config.Environments;
import io.dbmigrate.config.FlywaySettings;
import io.dbmigrate.config.LockPolicy;
import io.dbmigrate.db.ConnectionFailures;
import io.dbmigrate.db.ConnectionSettings;
import io.dbmigrate.db.DatabaseEngine;
import io.dbmigrate.db.LendingDataSource;
import io.dbmigrate.db.SimpleDataSource;
import io.dbmigrate.runner.RunResult.AppliedMigration;
import io.dbmigrate.runner.RunResult.RunError;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationInfoService;
import org.flywaydb.core.api.MigrationState;
import org.flywaydb.core.api.MigrationVersion;
import org.flywaydb.core.api.callback.Callback;
import org.flywaydb.core.api.configuration.FluentConfiguration;
import org.flywaydb.core.api.exception.FlywayValidateException;
import org.flywaydb.core.api.output.MigrateOutput;
import org.flywaydb.core.api.output.MigrateResult;
import org.flywaydb.core.api.output.ValidateResult;
import org.flywaydb.core.internal.exception.FlywayMigrateException;
import org.flywaydb.database.postgresql.PostgreSQLConfigurationExtension;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies pending Flyway migrations and then the seeds, as the Job does; backs up first when asked
 * and something is pending; resets (clean, migrate, seed) in development only. Expected failures —
 * bad sources, an unreachable database, a failing or changed migration, a failing seed, a failed
 * backup — come back as a failed {@link RunResult} with a message a team can act on, never as an
 * exception, and never with the password in it.
 */
public final class MigrationRunner {
  private static final Logger log = LoggerFactory.getLogger(MigrationRunner.class);
  private static final Comparator<AppliedMigration> EXECUTION_ORDER =
      Comparator.comparing((AppliedMigration m) -> m.version() == null)
          .thenComparing(
              m ->
                  m.version() == null
                      ? MigrationVersion.EMPTY
                      : MigrationVersion.fromVersion(m.version()))
          .thenComparing(
              AppliedMigration::description, Comparator.nullsFirst(Comparator.naturalOrder()));

  private final DatabaseDump dump;

  public MigrationRunner() {
    this(DatabaseDump.onPath());
  }

  /**
   * @param dump how backups are taken ({@code --backup-dir})
   */
  public MigrationRunner(DatabaseDump dump) {
    this.dump = dump;
  }

  /**
   * @param target {@code latest} (or null) for everything, else the version to stop at
   */
  public RunResult migrate(ConnectionSettings settings, List<Path> migrationDirs, String target) {
    return migrate(settings, RunOptions.migrations(migrationDirs, target));
  }

  /** Backs up if asked and something is pending, applies pending migrations, then the seeds. */
  public RunResult migrate(ConnectionSettings settings, RunOptions options) {
    return run(settings, options, false);
  }

  /**
   * Drops every object in the schema (Flyway's clean), then migrates and seeds from scratch.
   * Refused unless the environment is development: the one place clean is enabled.
   */
  public RunResult reset(ConnectionSettings settings, RunOptions options) {
    if (!Environments.isDevelopment(options.environment())) {
      return RunResult.failedBeforeStart(RunError.of(resetRefusal(options.environment())), 0)
          .withSeeds(notRun(options));
    }
    return run(settings, options, true);
  }

  /** Why reset would not run in this environment; the CLI says the same before connecting. */
  public static String resetRefusal(String environment) {
    return "reset refused in environment "
        + environment
        + ": it drops every object in the schema and runs only"
        + " with --environment "
        + Environments.DEVELOPMENT;
  }

  private RunResult run(ConnectionSettings settings, RunOptions options, boolean clean) {
    long started = System.nanoTime();
    RunInputs inputs;
    try {
      inputs = RunInputs.read(options);
    } catch (MigrationSources.InvalidSourcesException e) {
      log.warn("migration failed: {}", e.getMessage());
      return RunResult.failedBeforeStart(RunError.of(e.getMessage()), millisSince(started))
          .withSeeds(notRun(options));
    }
    MigrationSources sources = inputs.migrations();
    return runWith(settings, inputs, options, clean, started).withMigrationsImage(sources.image());
  }

  private RunResult runWith(
      ConnectionSettings settings,
      RunInputs inputs,
      RunOptions options,
      boolean clean,
      long started) {
    MigrationSources sources = inputs.migrations();
    List<SeedSource> seeds = inputs.seeds();
    try (inputs) {
      try {
        return run(settings, sources, seeds, options, clean, started);
      } catch (FlywayException e) {
        // Explained before the sources are deleted: the explanation may look into them.
        RunError error =
            withoutWorkingDirectory(
                MigrationFailures.explainReading(e, settings, sources, null), sources);
        log.warn("migration failed: {}", error.message());
        return RunResult.failedBeforeStart(error, millisSince(started))
            .withSeeds(Seeder.notRun(seeds));
      }
    } catch (RuntimeException e) {
      // Unexpected: still a result the reconciler can show, still without the password.
      log.error("migration run failed unexpectedly on {}", settings.describe(), e);
      String message =
          "unexpected error: " + ValidationErrors.firstLine(String.valueOf(e.getMessage()));
      return RunResult.failedBeforeStart(
              RunError.of(hideWorkingDirectory(message, sources)), millisSince(started))
          .withSeeds(Seeder.notRun(seeds));
    }
  }

  private RunResult run(
      ConnectionSettings settings,
      MigrationSources sources,
      List<SeedSource> seeds,
      RunOptions options,
      boolean clean,
      long started) {
    SimpleDataSource dataSource = new SimpleDataSource(settings);
    // Connect here first: Flyway's own connection errors quote the JDBC URL and are multi-line.
    // The connection stays open to read the history and apply the seeds afterwards.
    Connection connection;
    try {
      connection = dataSource.getConnection();
    } catch (SQLException e) {
      String unreachable = ConnectionFailures.explain(e, settings);
      log.warn("migration failed: {}", unreachable);
      return RunResult.failedBeforeStart(RunError.of(unreachable), millisSince(started))
          .withSeeds(Seeder.notRun(seeds));
    }
    try (connection) {
      return run(settings, dataSource, connection, sources, seeds, options, clean, started);
    } catch (SQLException e) {
      return RunResult.failedBeforeStart(
              RunError.of(ConnectionFailures.explainInUse(e, settings)), millisSince(started))
          .withSeeds(Seeder.notRun(seeds));
    }
  }

  private RunResult run(
      ConnectionSettings settings,
      SimpleDataSource dataSource,
      Connection connection,
      MigrationSources sources,
      List<SeedSource> seeds,
      RunOptions options,
      boolean clean,
      long started)
      throws SQLException {
    log.info(
        "{} {} with {} migration files and {} seeds, target {}, environment {}",
        clean ? "resetting" : "migrating",
        settings.describe(),
        sources.migrationCount(),
        seeds.size(),
        options.target(),
        options.environment());
    DatabaseEngine engine = settings.engine();
    try (MigrationWatch watch = new MigrationWatch(dataSource, engine)) {
      MigrationTracker tracker = new MigrationTracker();
      MigrationSession session =
          new MigrationSession(options.lockPolicy(), options.applicationName(), watch, engine);
      Flyway flyway =
          flyway(
              flywayDataSource(dataSource, connection, options),
              sources,
              options.target(),
              options.flyway(),
              clean,
              tracker,
              session);
      return run(
          settings,
          flyway,
          tracker,
          watch,
          dataSource,
          connection,
          sources,
          seeds,
          options,
          clean,
          started);
    }
  }

  private RunResult run(
      ConnectionSettings settings,
      Flyway flyway,
      MigrationTracker tracker,
      MigrationWatch watch,
      SimpleDataSource dataSource,
      Connection connection,
      MigrationSources sources,
      List<SeedSource> seeds,
      RunOptions options,
      boolean clean,
      long started)
      throws SQLException {

    EngineSql sql = new EngineSql(settings.engine());
    BackupResult backup = null;
    if (options.backupDir() != null
        && (clean || somethingPending(flyway, connection, sql, seeds))) {
      try {
        backup = dump.dump(settings, options.backupDir());
        log.info(
            "backed up {} to {} ({} bytes)",
            settings.describe(),
            backup.file(),
            backup.sizeBytes());
      } catch (DatabaseDump.BackupFailedException e) {
        RunError error = RunError.of("backup failed, nothing was changed: " + e.getMessage());
        return failed(flyway, List.of(), error, started).withSeeds(Seeder.notRun(seeds));
      }
    }
    if (clean) {
      flyway.clean();
      log.info("cleaned the schema of {}", settings.describe());
    }
    RunResult migrated =
        applyMigrations(
            settings, flyway, tracker, watch, options.lockPolicy(), connection, sources, started);

    if (!migrated.succeeded()) {
      return migrated.withSeeds(Seeder.notRun(seeds)).withBackup(backup);
    }
    Seeder.Outcome seeding = seed(flyway, tracker, dataSource, connection, sql, seeds, options);
    RunResult result = migrated.withBackup(backup).withSeeds(seeding.seeds());
    if (seeding.error() != null) {
      RunError error = withoutWorkingDirectory(seeding.error(), sources);
      log.warn("seeding failed: {}", error.message());
      result = result.failedWith(error);
    }
    for (SeedResult seed : result.seeds()) {
      log.info(
          "seed {}: {}, {} of {} files applied",
          seed.name(),
          seed.status(),
          seed.appliedFiles(),
          seed.files());
    }
    return result.withDuration(millisSince(started));
  }

  /**
   * Flyway works on the connection opened for the check rather than opening its own, unless an
   * initSql would run on it and change the session the history is read and the seeds run on. The
   * watch needs a second connection anyway: it keeps the plain data source.
   */
  private static DataSource flywayDataSource(
      SimpleDataSource dataSource, Connection connection, RunOptions options) {
    return options.flyway().get("initSql") == null
        ? new LendingDataSource(connection, dataSource)
        : dataSource;
  }

  /**
   * Applies the seeds on a session as fresh as before the migrations: a migration run on the shared
   * connection leaves its application_name and the lock and statement timeouts set on it.
   */
  private static Seeder.Outcome seed(
      Flyway flyway,
      MigrationTracker tracker,
      DataSource dataSource,
      Connection connection,
      EngineSql sql,
      List<SeedSource> seeds,
      RunOptions options)
      throws SQLException {
    if (seeds.stream().allMatch(SeedSource::skipped)) {
      return new Seeder.Outcome(Seeder.notRun(seeds), null);
    }
    if (!tracker.startedAny()) {
      return seed(flyway, connection, sql, seeds, options);
    }
    try (Connection fresh = dataSource.getConnection()) {
      return seed(flyway, fresh, sql, seeds, options);
    }
  }

  private static Seeder.Outcome seed(
      Flyway flyway,
      Connection connection,
      EngineSql sql,
      List<SeedSource> seeds,
      RunOptions options)
      throws SQLException {
    return new Seeder(SeedHistory.besideFlyway(flyway, connection, sql), options.environment(), sql)
        .apply(connection, seeds);
  }

  /** A migration or a seed file to apply: only then is a backup worth its time and space. */
  private static boolean somethingPending(
      Flyway flyway, Connection connection, EngineSql sql, List<SeedSource> seeds)
      throws SQLException {
    if (!PendingMigration.of(flyway.info()).isEmpty()) {
      return true;
    }
    SeedHistory history = SeedHistory.besideFlyway(flyway, connection, sql);
    for (SeedSource seed : seeds) {
      if (!seed.skipped()
          && !seed.filesToApply(history.checksums(connection, seed.name())).isEmpty()) {
        return true;
      }
    }
    return false;
  }

  private RunResult applyMigrations(
      ConnectionSettings settings,
      Flyway flyway,
      MigrationTracker tracker,
      MigrationWatch watch,
      LockPolicy policy,
      Connection connection,
      MigrationSources sources,
      long started) {
    MigrateResult result;
    List<AppliedMigration> appliedBefore = List.of();
    LockRetries retries = new LockRetries(policy, settings.engine());
    while (true) {
      try {
        // migrate() validates first (validateOnMigrate); only a refusal pays for a second look.
        result = flyway.migrate();
        break;
      } catch (FlywayValidateException e) {
        ValidateResult validation = flyway.validateWithResult();
        RunError error =
            validation.validationSuccessful
                ? MigrationFailures.explain(e, settings)
                : ValidationErrors.explain(validation, Arrays.asList(flyway.info().all()));
        return failed(flyway, tracker.applied(), withoutWorkingDirectory(error, sources), started);
      } catch (FlywayMigrateException e) {
        if (LockRetries.isLockTimeout(e) && retries.retry(e, watch.lastWait())) {
          appliedBefore = tracker.applied();
          continue;
        }
        RunError error =
            LockRetries.isLockTimeout(e)
                ? retries.explainGivingUp(e, watch.lastWait())
                : MigrationFailures.explain(e, policy, settings.engine());
        return failed(flyway, tracker.applied(), withoutWorkingDirectory(error, sources), started);
      } catch (FlywayException e) {
        // Refused mid-run (a file mixing transactional and non-transactional statements, say):
        // the tracker knows what ran before and which file was running.
        RunError error =
            MigrationFailures.explainReading(e, settings, sources, stoppedAt(flyway, tracker, e));
        return failed(flyway, tracker.applied(), withoutWorkingDirectory(error, sources), started);
      }
    }
    // The history is counted with one query rather than flyway.info(), which would scan and
    // checksum every file and read the history again: the main cost of a run with nothing to do.
    RunResult succeeded =
        RunResult.succeeded(
            currentVersion(result),
            Stream.concat(appliedBefore.stream(), appliedMigrations(result).stream()).toList(),
            SchemaHistory.countApplied(
                connection,
                new EngineSql(settings.engine()),
                historySchema(flyway),
                flyway.getConfiguration().getTable()),
            0,
            millisSince(started));
    log.info(
        "{} is at version {}: {} applied, {} pending, {} ms",
        settings.describe(),
        succeeded.currentVersion(),
        succeeded.appliedCount(),
        succeeded.pending(),
        succeeded.durationMs());
    return succeeded;
  }

  /**
   * Where Flyway keeps its history: the default schema, else the first of the schemas, else the
   * connection's current one (null). The migrate result names all schemas, comma-separated.
   */
  static String historySchema(Flyway flyway) {
    String defaultSchema = flyway.getConfiguration().getDefaultSchema();
    if (defaultSchema != null) {
      return defaultSchema;
    }
    String[] schemas = flyway.getConfiguration().getSchemas();
    return schemas.length == 0 ? null : schemas[0];
  }

  /**
   * The migration a run stopped in. Flyway checks a file for mixed transactional and
   * non-transactional statements before it announces the file, so then it is the next pending one.
   */
  private static MigrationInfo stoppedAt(
      Flyway flyway, MigrationTracker tracker, FlywayException failure) {
    if (tracker.unfinished() != null
        || failure.getMessage() == null
        || !failure.getMessage().contains("non-transactional statements")) {
      return tracker.unfinished();
    }
    try {
      MigrationInfo[] pending = flyway.info().pending();
      return pending.length == 0 ? null : pending[0];
    } catch (FlywayException unreadable) {
      return null;
    }
  }

  /** Seeds that a run stopped before reading: Skipped when not for the environment, else NotRun. */
  private static List<SeedResult> notRun(RunOptions options) {
    return options.seeds().stream()
        .map(
            seed ->
                seed.appliesTo(options.environment())
                    ? SeedResult.notRun(seed.name(), 0)
                    : SeedResult.skipped(seed.name()))
        .toList();
  }

  /**
   * The one Flyway configuration: the Job's runs and the health prober's inspections use it alike.
   */
  static Flyway flyway(DataSource dataSource, MigrationSources sources, String target) {
    return flyway(dataSource, sources, target, FlywaySettings.NONE, false);
  }

  /**
   * @param settings the user's Flyway settings; they win over the runner's choices below
   * @param cleanEnabled true for a reset only: clean drops every object in the schema
   * @param callbacks what follows the run (a {@link MigrationTracker}), if anything
   */
  static Flyway flyway(
      DataSource dataSource,
      MigrationSources sources,
      String target,
      FlywaySettings settings,
      boolean cleanEnabled,
      Callback... callbacks) {
    FluentConfiguration configuration =
        Flyway.configure()
            .dataSource(dataSource)
            .locations(sources.locations())
            .failOnMissingLocations(true)
            .validateMigrationNaming(true)
            .validateOnMigrate(true)
            // Pending migrations are what we are here to apply. Everything else — missing, future,
            // failed, changed — must stop the run: Flyway's default would ignore "future" ones.
            .ignoreMigrationPatterns("*:pending")
            .cleanDisabled(!cleanEnabled)
            .connectRetries(0)
            .target(target)
            .loggers("slf4j")
            .callbacks(callbacks);
    FlywayConfigurer.apply(settings, configuration);
    // A session-level advisory lock instead of Flyway's default, a transaction held open on a
    // second connection: CREATE INDEX CONCURRENTLY waits for every older transaction to end, that
    // one included, and a set with one would hang forever.
    configuration
        .getConfigurationExtension(PostgreSQLConfigurationExtension.class)
        .setTransactionalLock(false);
    return configuration.load();
  }

  /** A failed result with the database's state as far as it can still be read. */
  private RunResult failed(
      Flyway flyway, List<AppliedMigration> applied, RunError error, long started) {
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
    return RunResult.failed(
        error, currentVersion, applied, totalApplied, pending, millisSince(started));
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
        version,
        output.description,
        ValidationErrors.fileName(output.filepath),
        output.executionTime);
  }

  /** Flyway reports the version reached, or, when nothing ran, the version it found. */
  private static String currentVersion(MigrateResult result) {
    String reached =
        result.targetSchemaVersion != null
            ? result.targetSchemaVersion
            : result.initialSchemaVersion;
    return reached == null || reached.isBlank() ? null : reached;
  }

  private static String currentVersion(MigrationInfoService info) {
    MigrationInfo current = info.current();
    return current == null || current.getVersion() == null
        ? null
        : current.getVersion().getVersion();
  }

  /** Successful versioned and repeatable migrations in the history, each repeatable once. */
  private static int totalApplied(MigrationInfoService info) {
    return (int)
        Arrays.stream(info.applied())
            .filter(
                m ->
                    !m.getType().isSynthetic()
                        && !m.getType().isBaseline()
                        && !m.getType().isUndo())
            .filter(m -> m.getState().isApplied() && !m.getState().isFailed())
            .filter(
                m ->
                    m.getState() != MigrationState.SUPERSEDED
                        && m.getState() != MigrationState.UNDONE)
            .count();
  }

  private static RunError withoutWorkingDirectory(RunError error, MigrationSources sources) {
    return new RunError(
        error.version(), error.script(), hideWorkingDirectory(error.message(), sources));
  }

  /** Messages should name the user's files, not the runner's private copy of them. */
  private static String hideWorkingDirectory(String message, MigrationSources sources) {
    return message == null
        ? null
        : message
            .replace(sources.root() + "/", "")
            .replace(sources.root().toString(), "")
            // Flyway names files relative to the copy's root, inside a folder per source:
            // "0/V1__a.sql".
            .replaceAll("(?<=^|[\\s>(])\\d+/(?=[^/\\s]+\\.sql)", "");
  }

  private static long millisSince(long started) {
    return (System.nanoTime() - started) / 1_000_000;
  }
}
