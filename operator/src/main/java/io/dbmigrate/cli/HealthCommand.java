package io.dbmigrate.cli;

import io.dbmigrate.api.HealthSpec;
import io.dbmigrate.config.FlywaySettings;
import io.dbmigrate.db.ConnectionPools;
import io.dbmigrate.db.ConnectionSettings;
import io.dbmigrate.health.DatabaseCheck;
import io.dbmigrate.health.DatabaseProbe;
import io.dbmigrate.health.HealthJson;
import io.dbmigrate.health.HealthReport;
import io.dbmigrate.health.MigrationsCheck;
import io.dbmigrate.runner.SchemaInspector;
import io.dbmigrate.runner.SchemaState;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import javax.sql.DataSource;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code dbmigrate health}: the operator's health check, once, from anywhere. Prints the same JSON
 * as the operator's {@code /health/{namespace}/{name}} alone on standard output.
 */
@Command(
    name = "health",
    mixinStandardHelpOptions = true,
    description = {
      "Checks a database: SELECT 1 and its latency, and with --migrations pending, failed and changed migrations.",
      "Prints JSON; exit code 0 when healthy, 1 when not.",
      "Environment: DBMIGRATE_URL (if --url is not given), DBMIGRATE_USERNAME, DBMIGRATE_PASSWORD."
    })
final class HealthCommand implements Callable<Integer> {
  @ParentCommand DbMigrate parent;
  @Spec CommandSpec spec;

  @Mixin ConnectionOptions connection;

  @Option(
      names = "--migrations",
      paramLabel = "DIR",
      description =
          "Directory of migrations to compare the database with; repeatable. Without it, only SELECT 1.")
  List<Path> migrationDirs;

  @Mixin TargetOption target;

  @Mixin FlywayOptions flyway;

  @Option(
      names = "--timeout",
      paramLabel = "DURATION",
      defaultValue = HealthSpec.DEFAULT_TIMEOUT,
      converter = DurationConverters.HealthTimeout.class,
      description =
          "How long connecting and SELECT 1 may take: 250ms to 1h, e.g. 5s or PT5S (default: ${DEFAULT-VALUE}).")
  Duration timeout;

  @Override
  public Integer call() {
    FlywaySettings flywaySettings = flyway.settings(parent.environment());
    HealthReport report =
        connection.connect(
            parent.environment(),
            spec.commandLine(),
            settings -> check(settings, timeout, flywaySettings),
            HealthCommand::unreachable);
    spec.commandLine().getOut().println(new HealthJson().toJson(report));
    spec.commandLine().getOut().flush();
    return report.healthy() ? 0 : 1;
  }

  /**
   * Through a pool, as the operator does: Flyway's inspection borrows its connections from it too.
   */
  private HealthReport check(
      ConnectionSettings settings, Duration limit, FlywaySettings flywaySettings) {
    Instant checkedAt = Instant.now();
    try (ConnectionPools pools = new ConnectionPools()) {
      DataSource pool = pools.acquire("cli", settings, limit);
      DatabaseCheck database = new DatabaseProbe().check(pool, settings, limit);
      MigrationsCheck migrations = null;
      if (migrationDirs != null && !migrationDirs.isEmpty()) {
        if (database.healthy()) {
          SchemaState state =
              new SchemaInspector()
                  .inspectDirectories(
                      pool, settings, migrationDirs, target.version, flywaySettings);
          migrations =
              new MigrationsCheck(
                  state.inPlace(), state.pending(), state.message(), state.counts());
        } else {
          migrations = new MigrationsCheck(false, 0, "not checked: the database does not answer");
        }
      }
      return new HealthReport(checkedAt, database, migrations);
    }
  }

  /** A URL that cannot be used: the database is as unreachable as a host that does not answer. */
  private static HealthReport unreachable(String reason) {
    return new HealthReport(Instant.now(), new DatabaseCheck(false, 0, reason), null);
  }
}
