package io.dbmigrate.health;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.dbmigrate.db.Redactor;
import io.dbmigrate.http.HttpReplies;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.BooleanSupplier;
import java.util.function.Function;

/**
 * The operator's HTTP endpoints, on the JDK's own server: {@code /healthz} (the process lives),
 * {@code /readyz} (ready to reconcile), {@code /metrics} (Prometheus text) and {@code
 * /health/{namespace}/{name}} (one resource's latest report: 200 healthy, 503 unhealthy, 404
 * unknown).
 */
public final class HealthHttpServer implements AutoCloseable {
  private static final String JSON = HttpReplies.JSON;
  private static final String TEXT = "text/plain; charset=utf-8";

  private final HttpServer server;
  private final ExecutorService executor;

  /**
   * @param port 0 for an ephemeral port (tests)
   * @param ready whether the operator is ready; the place to add leader election's standby state
   */
  public HealthHttpServer(
      int port,
      BooleanSupplier ready,
      PrometheusMeterRegistry metrics,
      Function<ResourceKey, Optional<HealthReport>> reports) {
    try {
      server = HttpServer.create(new InetSocketAddress(port), 0);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot listen on port " + port + ": " + e.getMessage(), e);
    }
    // Two threads: probes from the kubelet and a Prometheus scrape, never a thread per request.
    executor =
        Executors.newFixedThreadPool(
            2,
            runnable -> {
              Thread thread = new Thread(runnable, "http");
              thread.setDaemon(true);
              return thread;
            });
    server.setExecutor(executor);
    HealthJson json = new HealthJson();
    server.createContext("/healthz", exchange -> respond(exchange, 200, TEXT, "ok\n"));
    server.createContext(
        "/readyz",
        exchange -> {
          boolean isReady = ready.getAsBoolean();
          respond(exchange, isReady ? 200 : 503, TEXT, isReady ? "ready\n" : "not ready\n");
        });
    server.createContext(
        "/metrics",
        exchange ->
            respond(exchange, 200, "text/plain; version=0.0.4; charset=utf-8", metrics.scrape()));
    server.createContext(
        "/health/",
        exchange -> {
          String[] parts =
              exchange.getRequestURI().getPath().substring("/health/".length()).split("/");
          Optional<HealthReport> report =
              parts.length == 2 && !parts[0].isEmpty() && !parts[1].isEmpty()
                  ? reports.apply(new ResourceKey(parts[0], parts[1]))
                  : Optional.empty();
          if (report.isEmpty()) {
            respond(exchange, 404, JSON, "{\"error\":\"no health report for this resource\"}");
          } else {
            respond(exchange, report.get().healthy() ? 200 : 503, JSON, json.toJson(report.get()));
          }
        });
  }

  public HealthHttpServer start() {
    server.start();
    return this;
  }

  public int port() {
    return server.getAddress().getPort();
  }

  private static void respond(HttpExchange exchange, int code, String contentType, String body)
      throws IOException {
    // Health errors quote the database's words: the last exit before the network masks secrets.
    HttpReplies.send(exchange, code, contentType, Redactor.process().redact(body));
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
