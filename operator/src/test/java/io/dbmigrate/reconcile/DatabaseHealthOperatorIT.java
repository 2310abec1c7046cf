package io.dbmigrate.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import io.dbmigrate.api.ConfigMapRef;
import io.dbmigrate.api.DatabaseMigration;
import io.dbmigrate.api.DatabaseMigrationSpec;
import io.dbmigrate.api.DatabaseSpec;
import io.dbmigrate.api.HealthSpec;
import io.dbmigrate.api.HealthStatus;
import io.dbmigrate.api.MigrationsSpec;
import io.dbmigrate.api.Phase;
import io.dbmigrate.api.SecretValueSource;
import io.dbmigrate.testing.CapturedLogs;
import io.dbmigrate.testing.OperatorEnvironment;
import io.dbmigrate.testing.Waits;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Health through the real operator: status.health, the DatabaseHealthy condition, HTTP endpoints,
 * write discipline.
 */
class DatabaseHealthOperatorIT {
  private static final String NS = "shop";
  private static final String PASSWORD = "pw-" + UUID.randomUUID();
  private static final Duration REPORT_INTERVAL = Duration.ofSeconds(3);

  private final CapturedLogs logs = CapturedLogs.start();
  private final HttpClient http = HttpClient.newHttpClient();
  @RegisterExtension final OperatorEnvironment environment = new OperatorEnvironment();
  private KubernetesClient client;

  @BeforeEach
  void start() {
    client = environment.client();
  }

  @AfterEach
  void stop() {
    logs.close();
  }

  @Test
  void healthReachesTheStatusAndTheEndpoints() throws Exception {
    createSecret("shop-db", environment.database().jdbcUrl());
    createSecret("down-db", "postgresql://app:" + PASSWORD + "@127.0.0.1:1/shop");
    createMigrations(
        "shop-migrations", Map.of("V1__customers.sql", "CREATE TABLE customers (id bigint);"));
    client.resource(migration("shop", "shop-db")).create();
    client.resource(migration("down", "down-db")).create();

    DatabaseMigration shop =
        environment.await(
            "shop",
            "ready and healthy",
            dm ->
                dm.getStatus().getPhase() == Phase.Ready
                    && healthIs(dm, HealthStatus.HEALTHY)
                    && dm.getStatus().getHealth().getChecks().getMigrations() != null
                    && dm.getStatus().getHealth().getChecks().getMigrations().getPending() == 0);
    HealthStatus health = shop.getStatus().getHealth();
    assertThat(health.getCheckedAt()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ");
    assertThat(health.getChecks().getDatabase().getStatus()).isEqualTo("healthy");
    assertThat(health.getChecks().getDatabase().getLatencyMs()).isPositive();
    assertThat(health.getChecks().getMigrations().getMessage()).isEqualTo("0 pending, no drift");
    assertHealthCondition(shop, "True", "Healthy");
    OperatorEnvironment.assertCondition(shop, "Ready", "True", "MigrationsApplied");

    DatabaseMigration down =
        environment.await("down", "unhealthy", dm -> healthIs(dm, HealthStatus.UNHEALTHY));
    assertThat(down.getStatus().getHealth().getChecks().getDatabase().getError())
        .contains("cannot reach the database at 127.0.0.1:1/shop as app");
    assertHealthCondition(down, "False", "DatabaseUnreachable");

    HttpResponse<String> healthy = fetch("/health/shop/shop");
    assertThat(healthy.statusCode()).isEqualTo(200);
    assertThat(healthy.body())
        .startsWith("{\"status\":\"healthy\",\"timestamp\":")
        .contains("\"database\":{\"status\":\"healthy\",\"latencyMs\":")
        .contains(
            "\"migrations\":{\"status\":\"healthy\",\"pending\":0,\"message\":\"0 pending, no drift\"}");
    HttpResponse<String> unhealthy = fetch("/health/shop/down");
    assertThat(unhealthy.statusCode()).isEqualTo(503);
    assertThat(unhealthy.body()).contains("\"status\":\"unhealthy\"", "127.0.0.1:1/shop");
    assertThat(fetch("/health/shop/nobody").statusCode()).isEqualTo(404);
    assertThat(fetch("/health/shop").statusCode()).isEqualTo(404);
    assertThat(fetch("/healthz").statusCode()).isEqualTo(200);
    assertThat(fetch("/readyz").statusCode()).isEqualTo(200);
    HttpResponse<String> metrics = fetch("/metrics");
    assertThat(metrics.statusCode()).isEqualTo(200);
    assertThat(metrics.body())
        .contains("dbmigrate_probe_latency_seconds_bucket{", "result=\"healthy\"")
        .contains("dbmigrate_migrations_pending{name=\"shop\",namespace=\"shop\"} 0.0")
        .contains("dbmigrate_database_up{name=\"shop\",namespace=\"shop\"} 1.0")
        .contains("dbmigrate_database_up{name=\"down\",namespace=\"shop\"} 0.0")
        .contains("dbmigrate_probe_last_latency_seconds{name=\"shop\",namespace=\"shop\"}");
    assertThat(
            metrics
                .body()
                .lines()
                .filter(line -> line.startsWith("dbmigrate_"))
                .filter(line -> line.contains("name=\"shop\",namespace=\"shop\""))
                .toList())
        .as("series per resource: up, last latency, pending")
        .hasSize(3);
    assertThat(metrics.body())
        .contains("dbmigrate_job_runs_total{result=\"Succeeded\"} 1.0")
        .contains("operator_sdk_");

    String encoded = Base64.getEncoder().encodeToString(PASSWORD.getBytes(StandardCharsets.UTF_8));
    String everything =
        metrics.body()
            + healthy.body()
            + unhealthy.body()
            + environment.describe(environment.get("shop"))
            + environment.describe(environment.get("down"))
            + logs.text();
    assertThat(everything).doesNotContain(PASSWORD).doesNotContain(encoded);

    // Deleting a resource stops its probing: its report goes.
    client.resource(environment.get("down")).delete();
    Waits.await("no report for a deleted resource")
        .until(() -> fetch("/health/shop/down").statusCode(), code -> code == 404);
  }

  @Test
  void resourcesAtRestWriteOnlyOncePerReportInterval() throws Exception {
    createSecret("shop-db", environment.database().jdbcUrl());
    createMigrations(
        "shop-migrations", Map.of("V1__customers.sql", "CREATE TABLE customers (id bigint);"));
    List<String> names = List.of("a", "b", "c");
    for (String name : names) {
      client.resource(migration(name, "shop-db")).create();
    }
    for (String name : names) {
      environment.await(
          name,
          "ready and healthy",
          dm -> dm.getStatus().getPhase() == Phase.Ready && healthIs(dm, HealthStatus.HEALTHY));
    }

    Map<String, Integer> writes = new ConcurrentHashMap<>();
    Duration window = Duration.ofSeconds(8);
    try (Watch watch =
        client
            .resources(DatabaseMigration.class)
            .inNamespace(NS)
            .watch(
                new Watcher<>() {
                  @Override
                  public void eventReceived(Action action, DatabaseMigration resource) {
                    if (action == Action.MODIFIED) {
                      writes.merge(resource.getMetadata().getName(), 1, Integer::sum);
                    }
                  }

                  @Override
                  public void onClose(WatcherException cause) {}
                })) {
      Thread.sleep(window.toMillis());
    }
    // Probes run every second; only the latency refresh may write, once per report interval.
    long allowed = window.toMillis() / REPORT_INTERVAL.toMillis() + 1;
    assertThat(writes.values()).allSatisfy(count -> assertThat(count).isBetween(1, (int) allowed));
    assertThat(names)
        .allSatisfy(
            name ->
                assertThat(environment.get(name).getStatus().getHealth().getStatus())
                    .isEqualTo("healthy"));
  }

  // ---- helpers ---------------------------------------------------------------------------

  private HttpResponse<String> fetch(String path) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + environment.httpPort() + path))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static boolean healthIs(DatabaseMigration dm, String status) {
    return dm != null
        && dm.getStatus() != null
        && dm.getStatus().getHealth() != null
        && status.equals(dm.getStatus().getHealth().getStatus());
  }

  private void createSecret(String name, String url) {
    Map<String, String> values =
        Map.of("url", url, "username", environment.database().username(), "password", PASSWORD);
    Secret secret =
        new SecretBuilder()
            .withNewMetadata()
            .withName(name)
            .withNamespace(NS)
            .addToLabels("dbmigrate.io/watch", "enabled")
            .endMetadata()
            .withData(
                values.entrySet().stream()
                    .collect(
                        Collectors.toMap(
                            Map.Entry::getKey,
                            e ->
                                Base64.getEncoder()
                                    .encodeToString(
                                        e.getValue().getBytes(StandardCharsets.UTF_8)))))
            .build();
    client.resource(secret).create();
  }

  private void createMigrations(String name, Map<String, String> files) {
    client
        .resource(
            new ConfigMapBuilder()
                .withNewMetadata()
                .withName(name)
                .withNamespace(NS)
                .addToLabels("dbmigrate.io/watch", "enabled")
                .endMetadata()
                .withData(new HashMap<>(files))
                .build())
        .create();
  }

  private static DatabaseMigration migration(String name, String secret) {
    DatabaseMigration dm = new DatabaseMigration();
    dm.getMetadata().setName(name);
    dm.getMetadata().setNamespace(NS);
    DatabaseSpec database = new DatabaseSpec();
    database.setUrlFrom(new SecretValueSource(secret, "url"));
    database.setPasswordFrom(new SecretValueSource(secret, "password"));
    MigrationsSpec migrations = new MigrationsSpec();
    migrations.setConfigMaps(List.of(new ConfigMapRef("shop-migrations")));
    DatabaseMigrationSpec spec = new DatabaseMigrationSpec();
    spec.setDatabase(database);
    spec.setMigrations(migrations);
    spec.setHealth(new HealthSpec("1s", "1s", REPORT_INTERVAL.toSeconds() + "s"));
    dm.setSpec(spec);
    return dm;
  }

  private static void assertHealthCondition(DatabaseMigration dm, String status, String reason) {
    OperatorEnvironment.assertCondition(dm, Conditions.DATABASE_HEALTHY, status, reason);
  }
}
