package io.dbmigrate.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import io.dbmigrate.api.ConfigMapKeyRef;
import io.dbmigrate.api.DatabaseMigration;
import io.dbmigrate.api.FlywaySpec;
import io.dbmigrate.api.Phase;
import io.dbmigrate.api.PlaceholderSource;
import io.dbmigrate.api.SecretKeyRef;
import io.dbmigrate.db.Redactor;
import io.dbmigrate.testing.CapturedLogs;
import io.dbmigrate.testing.OperatorEnvironment;
import io.dbmigrate.testing.PostgresDatabase;
import io.dbmigrate.testing.TestResources;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** spec.flyway through the operator: the Job and the migrations check follow the settings. */
class FlywaySettingsOperatorIT {
  private static final String NS = "shop";

  @RegisterExtension final OperatorEnvironment environment = new OperatorEnvironment();

  private void shop(Map<String, String> files, FlywaySpec flyway) {
    environment.createShop(files, shop -> shop.getSpec().setFlyway(flyway));
  }

  @Test
  void anExistingDatabaseWithoutHistoryIsAdoptedWithABaselineAndMigratedAboveIt() {
    PostgresDatabase db = environment.database();
    db.execute("CREATE TABLE customers (id int PRIMARY KEY); CREATE TABLE orders (id int)");
    FlywaySpec flyway = new FlywaySpec();
    flyway.setBaselineOnMigrate(true);
    flyway.setBaselineVersion("2");
    flyway.setBaselineDescription("adopted by dbmigrate");

    shop(
        Map.of(
            "V1__customers.sql", "CREATE TABLE customers (id int PRIMARY KEY);",
            "V2__orders.sql", "CREATE TABLE orders (id int);",
            "V3__note.sql", "ALTER TABLE orders ADD COLUMN note text;"),
        flyway);

    DatabaseMigration ready = environment.awaitReadyAt("shop", "3");
    assertThat(
            db.column(
                "SELECT type || ':' || version || ':' || description"
                    + " FROM flyway_schema_history ORDER BY installed_rank"))
        .containsExactly("BASELINE:2:adopted by dbmigrate", "SQL:3:note");
    assertThat(
            db.column(
                "SELECT column_name FROM information_schema.columns"
                    + " WHERE table_name = 'orders' ORDER BY ordinal_position"))
        .containsExactly("id", "note");
    assertThat(ready.getStatus().getPhase()).hasToString("Ready");
  }

  @Test
  void twoSchemasAHistoryTableOfItsOwnAndPlaceholdersAreUsedByTheJobAndTheHealthCheck() {
    FlywaySpec flyway = new FlywaySpec();
    flyway.setSchemas(List.of("app", "audit"));
    flyway.setTable("history");
    flyway.setPlaceholders(Map.of("tableName", "orders"));

    shop(
        Map.of(
            "V1__orders.sql", "CREATE TABLE ${tableName} (id int PRIMARY KEY);",
            "V2__audit.sql", "CREATE TABLE audit.log (entry text);",
            "R__totals.sql", "CREATE OR REPLACE VIEW totals AS SELECT count(*) FROM ${tableName};"),
        flyway);

    environment.awaitReadyAt("shop", "2");
    PostgresDatabase db = environment.database();
    assertThat(
            db.column("SELECT script FROM app.history WHERE type = 'SQL' ORDER BY installed_rank"))
        .containsExactly("V1__orders.sql", "V2__audit.sql", "R__totals.sql");
    assertThat(
            db.column(
                "SELECT table_schema || '.' || table_name FROM information_schema.tables"
                    + " WHERE table_schema IN ('app', 'audit') ORDER BY 1"))
        .containsExactly("app.history", "app.orders", "app.totals", "audit.log");
    DatabaseMigration healthy =
        environment.await(
            "shop",
            "the migrations check to find nothing pending in app.history",
            dm ->
                dm.getStatus().getHealth() != null
                    && dm.getStatus().getHealth().getChecks() != null
                    && dm.getStatus().getHealth().getChecks().getMigrations() != null
                    && "healthy"
                        .equals(
                            dm.getStatus().getHealth().getChecks().getMigrations().getStatus()));
    var check = healthy.getStatus().getHealth().getChecks().getMigrations();
    assertThat(check.getMessage()).isEqualTo("0 pending, no drift");
    assertThat(check.getApplied()).as("V1, V2 and the repeatable").isEqualTo(3);
    assertThat(check.getFailed()).isZero();
    assertThat(check.getOutOfOrder()).isZero();
    assertThat(check.getFuture()).isZero();
  }

  @Test
  void placeholdersFromAConfigMapAndASecretReachTheMigrationsAndTheSecretNeverShows()
      throws Exception {
    String secret = "Pl4ceh0lder-S3cret-" + UUID.randomUUID();
    KubernetesClient client = environment.client();
    client.resource(TestResources.secret(NS, "shop-keys", Map.of("api", secret))).create();
    client
        .resource(
            new ConfigMapBuilder()
                .withNewMetadata()
                .withName("shop-settings")
                .withNamespace(NS)
                .endMetadata()
                .addToData("region", "eu")
                .build())
        .create();
    PlaceholderSource apiKey = new PlaceholderSource();
    apiKey.setName("apiKey");
    apiKey.setSecretKeyRef(new SecretKeyRef("shop-keys", "api"));
    PlaceholderSource region = new PlaceholderSource();
    region.setName("region");
    ConfigMapKeyRef regionKey = new ConfigMapKeyRef();
    regionKey.setName("shop-settings");
    regionKey.setKey("region");
    region.setConfigMapKeyRef(regionKey);
    FlywaySpec flyway = new FlywaySpec();
    flyway.setPlaceholdersFrom(List.of(apiKey, region));

    try (CapturedLogs logs = CapturedLogs.start()) {
      shop(
          Map.of(
              "V1__keys.sql", "CREATE TABLE keys (k text); INSERT INTO keys VALUES ('${apiKey}');",
              "V2__region.sql", "CREATE TABLE region_${region} (id int);"),
          flyway);
      environment.awaitReadyAt("shop", "2");
      PostgresDatabase db = environment.database();
      assertThat(db.column("SELECT k FROM keys")).containsExactly(secret);
      assertThat(db.tableExists("region_eu")).isTrue();

      // The database quotes the value in its error: the status must not.
      client
          .resource(
              TestResources.migrations(
                  NS,
                  "shop-migrations",
                  Map.of(
                      "V1__keys.sql",
                          "CREATE TABLE keys (k text); INSERT INTO keys VALUES ('${apiKey}');",
                      "V2__region.sql", "CREATE TABLE region_${region} (id int);",
                      "V3__echo.sql", "SELECT '${apiKey}'::int;")))
          .update();
      DatabaseMigration failed = environment.awaitPhase("shop", Phase.Failed);
      assertThat(OperatorEnvironment.readyMessage(failed))
          .contains("invalid input syntax for type integer")
          .contains(Redactor.MASK);

      String everything =
          Serialization.asJson(failed)
              + Serialization.asJson(environment.events())
              + Serialization.asJson(environment.jobs())
              + logs.text();
      assertThat(everything).doesNotContain(secret);
    }
  }
}
