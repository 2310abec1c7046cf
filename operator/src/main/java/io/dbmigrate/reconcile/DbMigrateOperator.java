package io.dbmigrate.reconcile;

import io.dbmigrate.db.ConnectionPools;
import io.dbmigrate.health.HealthHttpServer;
import io.dbmigrate.health.HealthMetrics;
import io.dbmigrate.health.HealthProber;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.monitoring.micrometer.MicrometerMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Clock;
import java.util.Set;

/**
 * The operator as production runs it, and as tests start it against the mock API server: the
 * JOSDK operator, the health prober with its connection pools, and the HTTP endpoints, started
 * and stopped together.
 */
public final class DbMigrateOperator implements AutoCloseable {
  public static final int DEFAULT_HTTP_PORT = 8080;

  private final Operator operator;
  private final ConnectionPools pools = new ConnectionPools();
  private final HealthProber prober;
  private final HealthHttpServer http;

  /**
   * @param namespaces the namespaces to watch; empty means all
   * @param httpPort the port of the health and metrics endpoints; 0 for any free port
   */
  public DbMigrateOperator(KubernetesClient client, OperatorSettings settings, Set<String> namespaces, int httpPort) {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    HealthMetrics metrics = new HealthMetrics(registry);
    HealthEvents healthEvents = new HealthEvents();
    prober = new HealthProber(pools, metrics, healthEvents, Clock.systemUTC());
    operator =
        new Operator(
            overrider ->
                overrider
                    .withKubernetesClient(client)
                    // Status is patched with a JSON merge patch rather than server-side apply:
                    // every API server accepts it, including the test server.
                    .withUseSSAToPatchPrimaryResource(false)
                    .withSSABasedCreateUpdateMatchForDependentResources(false)
                    .withCloseClientOnStop(false)
                    // Reconcile counts and timings per controller, not per resource: bounded series.
                    .withMetrics(MicrometerMetrics.withoutPerResourceMetrics(registry)));
    operator.register(
        new DatabaseMigrationReconciler(settings, Clock.systemUTC(), prober, healthEvents, metrics),
        config -> {
          config.withReconciliationMaxInterval(settings.recheckInterval());
          if (namespaces.isEmpty()) {
            config.watchingAllNamespaces();
          } else {
            config.settingNamespaces(namespaces);
          }
        });
    http = new HealthHttpServer(httpPort, this::ready, registry, prober::latest);
  }

  public DbMigrateOperator start() {
    operator.start();
    http.start();
    return this;
  }

  /** Informers synced and every event source healthy. Leader election's standby state belongs here too. */
  public boolean ready() {
    return operator.getRuntimeInfo().isStarted() && operator.getRuntimeInfo().allEventSourcesAreHealthy();
  }

  public int httpPort() {
    return http.port();
  }

  /** Stops probing first, so no health event arrives at a stopping operator. */
  public void stop() {
    prober.close();
    operator.stop();
    http.close();
    pools.close();
  }

  @Override
  public void close() {
    stop();
  }
}
