package io.dbmigrate.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import io.dbmigrate.api.DatabaseMigration;
import io.dbmigrate.api.HealthSpec;
import io.dbmigrate.api.HealthStatus;
import io.dbmigrate.api.Phase;
import io.dbmigrate.testing.CapturedLogs;
import io.dbmigrate.testing.DisposablePostgres;
import io.dbmigrate.testing.OperatorEnvironment;
import io.dbmigrate.testing.TestResources;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A real PostgreSQL server of the test's own goes down ({@code pg_ctl stop}) and comes back: the
 * health in the status follows within a probe interval each way, and a migration added while the
 * server was down is applied once it is back, in one Job.
 */
class DatabaseRestartIT {
  private static final String NS = "shop";
  private static final Duration INTERVAL = Duration.ofSeconds(1);
  private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(1);

  /**
   * How long after a change the status may take to show it: one probe interval and one probe
   * timeout, plus room for the reconcile and status write on a busy two-core machine.
   */
  private static final Duration WITHIN_ONE_INTERVAL = INTERVAL.plus(PROBE_TIMEOUT).plusSeconds(3);

  private static final String PASSWORD = "pw-" + UUID.randomUUID();

  @RegisterExtension final OperatorEnvironment environment = new OperatorEnvironment();

  @Test
  void healthFollowsTheServerAndAMigrationAddedWhileItWasDownRunsWhenItIsBack() {
    Assumptions.assumeTrue(
        DisposablePostgres.missingBinaries().isEmpty(),
        () -> DisposablePostgres.missingBinaries().orElseThrow());
    try (CapturedLogs logs = CapturedLogs.start();
        DisposablePostgres postgres = DisposablePostgres.create()) {
      KubernetesClient client = environment.client();
      postgres.createDatabase("shop");
      client
          .resource(
              TestResources.secret(
                  NS,
                  "shop-db",
                  Map.of(
                      "url",
                      postgres.jdbcUrl("shop"),
                      "username",
                      DisposablePostgres.USER,
                      "password",
                      PASSWORD)))
          .create();
      client
          .resource(
              TestResources.migrations(
                  NS,
                  "shop-migrations",
                  Map.of("V1__customers.sql", "CREATE TABLE customers (id bigint PRIMARY KEY);")))
          .create();
      DatabaseMigration shop = TestResources.migration(NS, "shop", "shop-db", "shop-migrations");
      shop.getSpec()
          .getDatabase()
          .setUsernameFrom(new io.dbmigrate.api.SecretValueSource("shop-db", "username"));
      shop.getSpec()
          .getDatabase()
          .setPasswordFrom(new io.dbmigrate.api.SecretValueSource("shop-db", "password"));
      shop.getSpec().setHealth(new HealthSpec(seconds(INTERVAL), seconds(PROBE_TIMEOUT), "1m"));
      client.resource(shop).create();
      DatabaseMigration ready =
          environment.await(
              "shop",
              "shop Ready and healthy",
              dm -> isReadyAt(dm, "1") && healthIs(dm, HealthStatus.HEALTHY));
      String firstJob = ready.getStatus().getLastJob().getName();

      postgres.stop();
      long stopped = System.nanoTime();
      DatabaseMigration down =
          environment.await(
              "shop",
              "status.health unhealthy after pg_ctl stop",
              WITHIN_ONE_INTERVAL,
              dm -> healthIs(dm, HealthStatus.UNHEALTHY));
      System.out.printf(
          "server stopped -> status.health unhealthy in %d ms (interval %s)%n",
          millisSince(stopped), INTERVAL);
      assertThat(down.getStatus().getHealth().getChecks().getDatabase().getError())
          .contains("127.0.0.1:" + postgres.port() + "/shop");
      assertThat(condition(down, Conditions.DATABASE_HEALTHY).getStatus()).isEqualTo("False");
      assertThat(condition(down, Conditions.DATABASE_HEALTHY).getReason())
          .isEqualTo(ResourceHealth.REASON_UNREACHABLE);
      assertThat(down.getStatus().getPhase())
          .as("the applied migrations are still applied")
          .isEqualTo(Phase.Ready);

      // A rollout adds a migration while the server is down.
      ConfigMap migrations = client.configMaps().inNamespace(NS).withName("shop-migrations").get();
      migrations.getData().put("V2__orders.sql", "CREATE TABLE orders (id bigint PRIMARY KEY);");
      client.resource(migrations).update();
      // No Job while the database is known to be down (it would fail and stay failed).
      DatabaseMigration waiting =
          environment.await(
              "shop",
              "shop waiting for the database",
              dm ->
                  OperatorEnvironment.condition(dm, "Ready")
                      .map(c -> StatusComputer.REASON_WAITING_FOR_DATABASE.equals(c.getReason()))
                      .orElse(false));
      assertThat(waiting.getStatus().getPhase()).isEqualTo(Phase.Pending);
      assertThat(condition(waiting, "Reconciling").getStatus()).isEqualTo("True");
      assertThat(condition(waiting, "Stalled").getStatus()).isEqualTo("False");
      assertThat(condition(waiting, "Ready").getMessage())
          .startsWith(
              "waiting for the database before starting a Job: cannot reach the database at 127.0.0.1:"
                  + postgres.port()
                  + "/shop");
      assertThat(environment.jobs()).as("no Job for the new input yet").hasSize(1);

      postgres.start();
      long started = System.nanoTime();
      // The database check turns healthy at once; the whole health only once V2 is applied
      // (a pending migration is a health problem of its own).
      DatabaseMigration up =
          environment.await(
              "shop",
              "the database check healthy after pg_ctl start",
              WITHIN_ONE_INTERVAL,
              dm -> databaseCheckIs(dm, HealthStatus.HEALTHY));
      System.out.printf(
          "server started -> status.health database check healthy in %d ms (interval %s)%n",
          millisSince(started), INTERVAL);
      assertThat(condition(up, Conditions.DATABASE_HEALTHY).getReason())
          .isNotEqualTo(ResourceHealth.REASON_UNREACHABLE);

      DatabaseMigration migrated =
          environment.await(
              "shop",
              "shop Ready at version 2 and healthy",
              dm -> isReadyAt(dm, "2") && healthIs(dm, HealthStatus.HEALTHY));
      assertThat(condition(migrated, Conditions.DATABASE_HEALTHY).getStatus()).isEqualTo("True");
      assertThat(condition(migrated, "Ready").getStatus()).isEqualTo("True");
      assertThat(tables(postgres)).contains("customers", "orders");
      List<String> jobs = environment.jobs().stream().map(j -> j.getMetadata().getName()).toList();
      assertThat(jobs)
          .as("one Job per input")
          .containsExactlyInAnyOrder(firstJob, migrated.getStatus().getLastJob().getName());
      assertThat(environment.kubelet().runs())
          .as("no run failed")
          .extracting(r -> r.exitCode())
          .containsOnly(0);
      assertThat(logs.text()).doesNotContain(PASSWORD);
    }
  }

  private static boolean isReadyAt(DatabaseMigration dm, String version) {
    return dm != null
        && dm.getStatus() != null
        && dm.getStatus().getPhase() == Phase.Ready
        && version.equals(dm.getStatus().getCurrentVersion());
  }

  private static boolean healthIs(DatabaseMigration dm, String status) {
    return dm != null
        && dm.getStatus() != null
        && dm.getStatus().getHealth() != null
        && status.equals(dm.getStatus().getHealth().getStatus())
        && OperatorEnvironment.condition(dm, Conditions.DATABASE_HEALTHY)
            .map(c -> c.getStatus().equals(HealthStatus.HEALTHY.equals(status) ? "True" : "False"))
            .orElse(false);
  }

  private static boolean databaseCheckIs(DatabaseMigration dm, String status) {
    return dm != null
        && dm.getStatus() != null
        && dm.getStatus().getHealth() != null
        && dm.getStatus().getHealth().getChecks() != null
        && dm.getStatus().getHealth().getChecks().getDatabase() != null
        && status.equals(dm.getStatus().getHealth().getChecks().getDatabase().getStatus());
  }

  private static Condition condition(DatabaseMigration dm, String type) {
    return OperatorEnvironment.condition(dm, type)
        .orElseThrow(() -> new AssertionError("no condition " + type));
  }

  private static List<String> tables(DisposablePostgres postgres) {
    Properties properties = new Properties();
    properties.setProperty("user", DisposablePostgres.USER);
    try (Connection connection = DriverManager.getConnection(postgres.jdbcUrl("shop"), properties);
        ResultSet rows =
            connection
                .createStatement()
                .executeQuery(
                    "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'")) {
      List<String> names = new ArrayList<>();
      while (rows.next()) {
        names.add(rows.getString(1));
      }
      return names;
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String seconds(Duration duration) {
    return duration.toSeconds() + "s";
  }

  private static long millisSince(long nanos) {
    return Duration.ofNanos(System.nanoTime() - nanos).toMillis();
  }
}
