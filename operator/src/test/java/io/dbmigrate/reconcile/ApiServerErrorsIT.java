package io.dbmigrate.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import io.dbmigrate.api.DatabaseMigration;
import io.dbmigrate.api.SecretValueSource;
import io.dbmigrate.testing.ApiRequest;
import io.dbmigrate.testing.CapturedLogs;
import io.dbmigrate.testing.OperatorEnvironment;
import io.dbmigrate.testing.TestResources;
import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The API server has a bad minute: it answers the operator's Job creation and status writes with
 * 500 (an etcd timeout), 409 (a conflict) and 429 (priority and fairness throttling) before it
 * recovers. The operator retries (the client for 5xx and 429, JOSDK's retry for the rest), does not
 * crash, creates one Job, ends Ready, and logs no secret on the way.
 */
class ApiServerErrorsIT {
  private static final String NS = "shop";
  private static final String PASSWORD = "pw-" + UUID.randomUUID();
  private static final String JOBS = "/apis/batch/v1/namespaces/" + NS + "/jobs";
  private static final String STATUS =
      "/apis/dbmigrate.io/v1alpha1/namespaces/" + NS + "/databasemigrations/shop/status";

  @RegisterExtension final OperatorEnvironment environment = new OperatorEnvironment();

  @Test
  void theOperatorRetriesThroughErrorsAndEndsReadyWithOneJob() {
    try (CapturedLogs logs = CapturedLogs.start()) {
      KubernetesClient client = environment.client();
      var cluster = environment.cluster();
      cluster
          .expect()
          .post()
          .withPath(JOBS)
          .andReturn(500, error(500, "InternalError", "etcdserver: request timed out"))
          .times(2);
      cluster
          .expect()
          .post()
          .withPath(JOBS)
          .andReturn(429, error(429, "TooManyRequests", "too many requests"))
          .times(2);
      cluster
          .expect()
          .patch()
          .withPath(STATUS)
          .andReturn(500, error(500, "InternalError", "etcdserver: request timed out"))
          .times(2);
      cluster
          .expect()
          .patch()
          .withPath(STATUS)
          .andReturn(
              409,
              error(
                  409,
                  "Conflict",
                  "Operation cannot be fulfilled on databasemigrations.dbmigrate.io \"shop\": the object has been modified"))
          .times(2);
      cluster
          .expect()
          .patch()
          .withPath(STATUS)
          .andReturn(429, error(429, "TooManyRequests", "too many requests"))
          .times(2);

      String url =
          "postgresql://postgres:" + PASSWORD + "@127.0.0.1:5432/" + environment.database().name();
      client
          .resource(TestResources.secret(NS, "shop-db", Map.of("url", url, "password", PASSWORD)))
          .create();
      client
          .resource(
              TestResources.migrations(
                  NS,
                  "shop-migrations",
                  Map.of("V1__customers.sql", "CREATE TABLE customers (id bigint PRIMARY KEY);")))
          .create();
      DatabaseMigration shop = TestResources.migration(NS, "shop", "shop-db", "shop-migrations");
      shop.getSpec().getDatabase().setPasswordFrom(new SecretValueSource("shop-db", "password"));
      client.resource(shop).create();

      DatabaseMigration ready = environment.awaitReadyAt("shop", "1");
      assertThat(ready.getStatus().getLastJob().getResult())
          .isEqualTo(io.dbmigrate.api.JobResult.Succeeded);
      assertThat(environment.jobs()).hasSize(1);
      assertThat(environment.kubelet().runs()).hasSize(1);
      List<ApiRequest> requests = cluster.requests();
      assertThat(count(requests, "POST", JOBS))
          .as("Job creations: 4 failed, then 1 created")
          .isGreaterThanOrEqualTo(5);
      assertThat(count(requests, "PATCH", STATUS))
          .as("status writes: 6 failed, then the ones that went through")
          .isGreaterThanOrEqualTo(7);
      assertThat(logs.text())
          .as("JOSDK saw the 409 fail a reconcile, and retried it")
          .contains("Conflict during reconciliation");

      // Still reconciling after all that: a new input runs.
      var migrations = client.configMaps().inNamespace(NS).withName("shop-migrations").get();
      migrations.getData().put("V2__orders.sql", "CREATE TABLE orders (id bigint PRIMARY KEY);");
      client.resource(migrations).update();
      environment.awaitReadyAt("shop", "2");
      assertThat(environment.jobs()).hasSize(2);

      String encoded =
          Base64.getEncoder().encodeToString(PASSWORD.getBytes(StandardCharsets.UTF_8));
      assertThat(logs.text()).doesNotContain(PASSWORD).doesNotContain(encoded);
    }
  }

  /** The body a real API server sends with an error. */
  private static Status error(int code, String reason, String message) {
    return new StatusBuilder()
        .withStatus("Failure")
        .withCode(code)
        .withReason(reason)
        .withMessage(message)
        .build();
  }

  private static long count(List<ApiRequest> requests, String method, String path) {
    return requests.stream()
        .filter(r -> method.equals(r.method()) && path.equals(r.path()))
        .count();
  }
}
