package io.dbmigrate.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import io.dbmigrate.api.DatabaseMigration;
import io.dbmigrate.api.Phase;
import io.dbmigrate.testing.Eventually;
import io.dbmigrate.testing.KubeletFixture;
import io.dbmigrate.testing.MockCluster;
import io.dbmigrate.testing.OperatorEnvironment;
import io.dbmigrate.testing.OperatorProcess;
import io.dbmigrate.testing.PostgresDatabase;
import io.dbmigrate.testing.TestResources;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The operator dies (SIGKILL of its JVM, no clean shutdown) while the Job it created still runs; a
 * new operator instance starts against the same API server. It must adopt the running Job rather
 * than start another for the same input, and record the Job's result when it ends.
 */
class OperatorCrashMidJobIT {
  private static final String NS = "shop";
  private static final Duration TIMEOUT = Duration.ofSeconds(60);

  /** JOSDK's counter of finished reconciles, in the operator's Prometheus metrics. */
  private static final Pattern RECONCILES =
      Pattern.compile("(?m)^operator_sdk_reconciliations_success_total\\{[^}]*\\} ([0-9.E]+)$");

  @TempDir Path tmp;

  private final HttpClient http = HttpClient.newHttpClient();

  @Test
  void aNewInstanceAdoptsTheRunningJobAndRecordsItsResult() {
    try (PostgresDatabase database = new PostgresDatabase().create();
        MockCluster cluster = MockCluster.start();
        KubeletFixture kubelet = new KubeletFixture(cluster.client(), tmp).start();
        OperatorProcess crashing =
            OperatorProcess.start(cluster, "replica-a", tmp.resolve("replica-a.log"))) {
      KubernetesClient client = cluster.client();
      cluster.createNamespace(NS);
      DbMigrateOperator successor = null;
      try {
        kubelet.hold();
        client
            .resource(TestResources.secret(NS, "shop-db", Map.of("url", database.jdbcUrl())))
            .create();
        client
            .resource(
                TestResources.migrations(
                    NS,
                    "shop-migrations",
                    Map.of("V1__customers.sql", "CREATE TABLE customers (id bigint PRIMARY KEY);")))
            .create();
        client.resource(TestResources.migration(NS, "shop", "shop-db", "shop-migrations")).create();

        // The Job runs (the kubelet marked it active and holds its pod back), the status says so.
        Job job =
            Eventually.await(
                    TIMEOUT,
                    () -> jobs(client),
                    jobs -> jobs.size() == 1 && active(jobs.get(0)),
                    "an active Job",
                    jobs -> jobs + "; operator log: " + crashing.output())
                .get(0);
        String jobName = job.getMetadata().getName();
        Eventually.await(
            TIMEOUT,
            () -> get(client),
            dm -> dm.getStatus() != null && dm.getStatus().getPhase() == Phase.Migrating,
            "shop Migrating",
            dm -> client.getKubernetesSerialization().asJson(dm));

        crashing.kill();

        successor =
            DbMigrateOperator.create(
                    cluster.newClient(OperatorProcess.AGENT_PREFIX + "replica-b"),
                    OperatorEnvironment.SETTINGS,
                    Set.of(),
                    OperatorEnvironment.leaderElection("replica-b"),
                    0)
                .start();
        DbMigrateOperator b = successor;
        // It leads once the dead instance's Lease expired, and then reconciles the resource.
        Eventually.await(
            TIMEOUT,
            () -> b.leadership().isLeader(),
            Boolean::booleanValue,
            "the new instance leading");
        Eventually.await(
            TIMEOUT, () -> successfulReconciles(b), n -> n >= 1, "a reconcile by the new instance");
        assertThat(jobs(client))
            .as("still one Job while it runs")
            .extracting(j -> j.getMetadata().getName())
            .containsExactly(jobName);
        assertThat(get(client).getStatus().getPhase()).isEqualTo(Phase.Migrating);

        kubelet.release();
        DatabaseMigration ready =
            Eventually.await(
                TIMEOUT,
                () -> get(client),
                dm -> dm.getStatus() != null && dm.getStatus().getPhase() == Phase.Ready,
                "shop Ready",
                dm -> client.getKubernetesSerialization().asJson(dm));
        assertThat(ready.getStatus().getCurrentVersion()).isEqualTo("1");
        assertThat(ready.getStatus().getLastJob().getName()).isEqualTo(jobName);
        assertThat(ready.getStatus().getLastJob().getResult())
            .isEqualTo(io.dbmigrate.api.JobResult.Succeeded);
        assertThat(ready.getStatus().getMigrations().getApplied()).isEqualTo(1);
        assertThat(jobs(client))
            .extracting(j -> j.getMetadata().getName())
            .containsExactly(jobName);
        assertThat(kubelet.runs()).as("the runner ran once").hasSize(1);
        assertThat(jobCreations(cluster, "replica-b"))
            .as("Job creations by the new instance")
            .isZero();
        assertThat(database.tableExists("customers")).isTrue();
      } finally {
        System.out.println(
            "---- log of the killed operator JVM ----\n" + crashing.output() + "----");
        if (successor != null) {
          successor.stop();
        }
      }
    }
  }

  private long successfulReconciles(DbMigrateOperator operator) {
    try {
      String metrics =
          http.send(
                  HttpRequest.newBuilder(
                          URI.create("http://127.0.0.1:" + operator.httpPort() + "/metrics"))
                      .build(),
                  HttpResponse.BodyHandlers.ofString())
              .body();
      Matcher counter = RECONCILES.matcher(metrics);
      long total = 0;
      while (counter.find()) {
        total += (long) Double.parseDouble(counter.group(1));
      }
      return total;
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static boolean active(Job job) {
    return job.getStatus() != null && Integer.valueOf(1).equals(job.getStatus().getActive());
  }

  private static long jobCreations(MockCluster cluster, String identity) {
    return cluster.requests().stream()
        .filter(r -> (OperatorProcess.AGENT_PREFIX + identity).equals(r.userAgent()))
        .filter(r -> r.attributes().toString().equals("create batch jobs"))
        .count();
  }

  private static DatabaseMigration get(KubernetesClient client) {
    return client.resources(DatabaseMigration.class).inNamespace(NS).withName("shop").get();
  }

  private static List<Job> jobs(KubernetesClient client) {
    return client.batch().v1().jobs().inNamespace(NS).list().getItems();
  }
}
