package io.dbmigrate.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import io.dbmigrate.api.DatabaseMigration;
import io.dbmigrate.api.Phase;
import io.dbmigrate.testing.MariaDbDatabase;
import io.dbmigrate.testing.OperatorEnvironment;
import io.dbmigrate.testing.TestResources;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A MariaDB-backed resource through the operator, the kubelet fixture and a real MariaDB. */
class MariaDbOperatorIT {
  private static final String NS = "shop";

  @RegisterExtension final OperatorEnvironment environment = new OperatorEnvironment();
  @RegisterExtension final MariaDbDatabase mariadb = new MariaDbDatabase();

  private void shop(Map<String, String> files) {
    KubernetesClient client = environment.client();
    client
        .resource(TestResources.secret(NS, "shop-db", Map.of("url", mariadb.mariadbUrl())))
        .create();
    client.resource(TestResources.migrations(NS, "shop-migrations", files)).create();
    client.resource(TestResources.migration(NS, "shop", "shop-db", "shop-migrations")).create();
  }

  @Test
  void migratesAMariaDbDatabaseAndReportsItsHealth() {
    shop(
        Map.of(
            "V1__customers.sql", "CREATE TABLE customers (id bigint PRIMARY KEY, email text);",
            "V2__orders.sql", "CREATE TABLE orders (id bigint PRIMARY KEY, customer_id bigint);",
            "R__totals.sql", "CREATE OR REPLACE VIEW totals AS SELECT count(*) AS n FROM orders;"));

    environment.awaitReadyAt("shop", "2");
    assertThat(mariadb.tableExists("orders")).isTrue();
    assertThat(mariadb.column("SELECT script FROM flyway_schema_history ORDER BY installed_rank"))
        .containsExactly("V1__customers.sql", "V2__orders.sql", "R__totals.sql");
    DatabaseMigration healthy =
        environment.await(
            "shop",
            "healthy with its migrations in place",
            dm ->
                dm.getStatus().getHealth() != null
                    && "healthy".equals(dm.getStatus().getHealth().getStatus())
                    && dm.getStatus().getHealth().getChecks().getMigrations() != null);
    assertThat(healthy.getStatus().getHealth().getChecks().getMigrations().getApplied())
        .isEqualTo(3);
    assertThat(environment.jobs()).hasSize(1);
  }

  @Test
  void aFailingMigrationSaysWhatItLeftBehindAndHowToRepair() {
    shop(
        Map.of(
            "V1__customers.sql", "CREATE TABLE customers (id bigint PRIMARY KEY);",
            "V2__broken.sql", "CREATE TABLE a (id int);\nCREATE TABLE b (oops);"));

    DatabaseMigration failed = environment.awaitPhase("shop", Phase.Failed);

    assertThat(OperatorEnvironment.readyMessage(failed))
        .contains("V2__broken.sql")
        .contains("DDL commits implicitly")
        .contains("CREATE TABLE a (id int)")
        .contains("dbmigrate.io/repair-requested");
    assertThat(mariadb.tableExists("a")).as("what V2 left behind").isTrue();
  }
}
