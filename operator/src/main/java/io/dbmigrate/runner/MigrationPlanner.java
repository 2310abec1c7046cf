package io.dbmigrate.runner;

import io.dbmigrate.db.ConnectionFailures;
import io.dbmigrate.db.ConnectionSettings;
import io.dbmigrate.db.DatabaseEngine;
import io.dbmigrate.db.SimpleDataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationInfoService;
import org.flywaydb.core.api.output.ValidateResult;

/**
 * What a run would do, found without changing anything: no schema history table, no seed history
 * table, no lock. Flyway's info and validate only read; the seed history is read only when it
 * exists. Uses the runner's Flyway configuration, so the plan is what the run would see.
 */
public final class MigrationPlanner {

  /**
   * @throws PlanFailedException when no plan can be made (bad sources, unreachable database);
   *     problems the plan finds in the database are part of the plan, not exceptions
   */
  public PlanResult plan(ConnectionSettings settings, RunOptions options) {
    RunInputs inputs;
    try {
      inputs = RunInputs.read(options);
    } catch (MigrationSources.InvalidSourcesException e) {
      throw new PlanFailedException(e.getMessage());
    }
    MigrationSources sources = inputs.migrations();
    try (inputs;
        Connection connection = new SimpleDataSource(settings).getConnection()) {
      return plan(settings, options, inputs, connection);
    } catch (SQLException e) {
      throw new PlanFailedException(ConnectionFailures.explain(e, settings));
    }
  }

  private PlanResult plan(
      ConnectionSettings settings, RunOptions options, RunInputs inputs, Connection connection)
      throws SQLException {
    MigrationSources sources = inputs.migrations();
    try {
      Flyway flyway =
          MigrationRunner.flyway(
              new SimpleDataSource(settings), sources, options.target(), options.flyway(), false);
      MigrationInfoService info = flyway.info();
      List<String> problems = new ArrayList<>(problems(flyway, info));
      EngineSql sql = new EngineSql(settings.engine());
      String schema = MigrationRunner.historySchema(flyway);
      if (!flyway.getConfiguration().isBaselineOnMigrate()
          && SchemaHistory.objectsWithoutHistory(
              connection, sql, schema, flyway.getConfiguration().getTable())) {
        // migrate() refuses such a schema; the plan says so rather than "no problems".
        String which =
            schema != null
                ? schema
                : settings.engine().isMySqlFamily()
                    ? connection.getCatalog()
                    : connection.getSchema();
        problems.add(MigrationFailures.objectsWithoutHistory("\"" + which + "\""));
      }
      List<PendingMigration> pending = PendingMigration.of(info);
      return new PlanResult(
          pending,
          seedPlans(flyway, connection, sql, inputs.seeds()),
          problems,
          false,
          BaselinePlan.of(flyway, info),
          pending.isEmpty() ? null : caution(settings.engine()));
    } catch (FlywayException e) {
      // Explained while the sources are still there: the explanation may look into them.
      String message = MigrationFailures.explainReading(e, settings, sources, null).message();
      throw new PlanFailedException(message.replace(sources.root() + "/", ""));
    }
  }

  /** Why a plan on these engines deserves a careful read; null where a failure rolls back. */
  static String caution(DatabaseEngine engine) {
    return engine.isMySqlFamily()
        ? engine.displayName()
            + " commits each DDL statement at once: a migration that fails halfway keeps its"
            + " earlier statements and needs repair by hand. Review these migrations before they"
            + " run (in the cluster: spec.approval.required)."
        : null;
  }

  /** Validation's findings, one message per kind; a failed row validation let pass is one too. */
  private static List<String> problems(Flyway flyway, MigrationInfoService info) {
    List<MigrationInfo> all = Arrays.asList(info.all());
    ValidateResult validation = flyway.validateWithResult();
    List<String> problems = new ArrayList<>();
    if (!validation.validationSuccessful) {
      problems.addAll(ValidationErrors.problems(validation, all));
    }
    all.stream()
        .filter(m -> m.getState().isFailed())
        .map(
            m ->
                ValidationErrors.failedEarlier(
                    m.getVersion() == null ? null : m.getVersion().getVersion(),
                    m.getScript() == null ? null : ValidationErrors.fileName(m.getScript())))
        .filter(message -> !problems.contains(message))
        .forEach(problems::add);
    return problems;
  }

  private static List<SeedPlan> seedPlans(
      Flyway flyway, Connection connection, EngineSql sql, List<SeedSource> seeds)
      throws SQLException {
    SeedHistory history = SeedHistory.besideFlyway(flyway, connection, sql);
    List<SeedPlan> plans = new ArrayList<>();
    for (SeedSource seed : seeds) {
      plans.add(
          seed.skipped()
              ? new SeedPlan(seed.name(), true, List.of())
              : new SeedPlan(
                  seed.name(),
                  false,
                  seed.filesToApply(history.checksums(connection, seed.name())).stream()
                      .map(SeedFile::name)
                      .toList()));
    }
    return plans;
  }

  /** No plan could be made; the message names the cause, never the password. */
  public static final class PlanFailedException extends RuntimeException {
    public PlanFailedException(String message) {
      super(message);
    }
  }
}
