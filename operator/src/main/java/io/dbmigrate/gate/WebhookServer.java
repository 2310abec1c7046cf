package io.dbmigrate.gate;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import io.dbmigrate.http.HttpReplies;
import io.fabric8.kubernetes.api.model.admission.v1.AdmissionReview;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The mutating admission webhook over HTTPS ({@code POST /mutate-pods}), as the API server calls
 * it. The certificate comes from {@code tls.crt} and {@code tls.key} in the certificate directory
 * (the mounted TLS Secret) and is reloaded when renewed.
 */
public final class WebhookServer implements AutoCloseable {
  public static final String PATH = "/mutate-pods";
  public static final int DEFAULT_PORT = 9443;
  public static final String DEFAULT_CERT_DIR = "/etc/dbmigrate/webhook-tls";

  /** Admission requests are small; anything larger is not one. */
  private static final int MAX_BODY = 4 * 1024 * 1024;

  private static final Logger LOG = LoggerFactory.getLogger(WebhookServer.class);

  private final HttpsServer server;
  private final ExecutorService executor =
      Executors.newFixedThreadPool(2, r -> new Thread(r, "webhook"));

  private WebhookServer(HttpsServer server) {
    this.server = server;
  }

  public static WebhookServer start(
      int port,
      Path certificateDirectory,
      PodGateMutator mutator,
      KubernetesSerialization serialization)
      throws IOException, GeneralSecurityException {
    SSLContext tls = SSLContext.getInstance("TLS");
    tls.init(
        new KeyManager[] {
          new ReloadingKeyManager(
              certificateDirectory.resolve("tls.crt"), certificateDirectory.resolve("tls.key"))
        },
        null,
        null);
    HttpsServer server = HttpsServer.create(new InetSocketAddress(port), 0);
    server.setHttpsConfigurator(new HttpsConfigurator(tls));
    WebhookServer webhook = new WebhookServer(server);
    server.createContext(PATH, exchange -> webhook.handle(exchange, mutator, serialization));
    server.setExecutor(webhook.executor);
    server.start();
    LOG.info("admission webhook listening on port {} at {}", webhook.port(), PATH);
    return webhook;
  }

  public int port() {
    return server.getAddress().getPort();
  }

  private void handle(
      HttpExchange exchange, PodGateMutator mutator, KubernetesSerialization serialization)
      throws IOException {
    try (exchange) {
      if (!"POST".equals(exchange.getRequestMethod())) {
        respond(exchange, 405, "{\"message\":\"POST an AdmissionReview\"}");
        return;
      }
      byte[] body;
      try (InputStream in = exchange.getRequestBody()) {
        body = in.readNBytes(MAX_BODY + 1);
      }
      if (body.length > MAX_BODY) {
        respond(exchange, 413, "{\"message\":\"request too large\"}");
        return;
      }
      AdmissionReview review;
      try {
        review =
            serialization.unmarshal(
                new String(body, StandardCharsets.UTF_8), AdmissionReview.class);
      } catch (RuntimeException e) {
        respond(exchange, 400, "{\"message\":\"not an AdmissionReview\"}");
        return;
      }
      if (review == null || review.getRequest() == null) {
        respond(exchange, 400, "{\"message\":\"AdmissionReview without a request\"}");
        return;
      }
      respond(exchange, 200, serialization.asJson(mutator.review(review)));
    } catch (RuntimeException e) {
      // Never leave the API server without an answer; its failurePolicy decides what happens.
      LOG.error("admission request failed", e);
      respond(exchange, 500, "{\"message\":\"internal error\"}");
    }
  }

  private static void respond(HttpExchange exchange, int code, String json) throws IOException {
    HttpReplies.send(exchange, code, HttpReplies.JSON, json);
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
