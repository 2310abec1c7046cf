package io.dbmigrate.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import io.dbmigrate.api.DatabaseMigration;
import io.dbmigrate.api.Phase;
import io.dbmigrate.testing.KubeletFixture;
import io.dbmigrate.testing.OperatorEnvironment;
import io.dbmigrate.testing.OperatorProcess;
import io.dbmigrate.testing.PostgresDatabase;
import io.dbmigrate.testing.Waits;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The operator dies (SIGKILL of its JVM, no clean shutdown) while the Job it created still runs; a
 * new operator instance starts against the same API server. It must adopt the running Job rather
 * than start another for the same input, and record the Job's result when it ends.
 */
class OperatorCrashMidJobIT {
  /** JOSDK's counter of finished reconciles, in the operator's Prometheus metrics. */
  private static final Pattern RECONCILES =
      Pattern.compile("(?m)^operator_sdk_reconciliations_success_total\\{[^}]*\\} ([0-9.E]+)$");

  @RegisterExtension
  final OperatorEnvironment environment = new OperatorEnvironment().withoutOperator();

  private final HttpClient http = HttpClient.newHttpClient();

  @Test
  void aNewInstanceAdoptsTheRunningJobAndRecordsItsResult() {
    PostgresDatabase database = environment.database();
    KubeletFixture kubelet = environment.kubelet();
    OperatorProcess crashing = environment.startOperatorProcess("replica-a");
    kubelet.hold();
    environment.createShop(
        Map.of("V1__customers.sql", "CREATE TABLE customers (id bigint PRIMARY KEY);"));

    // The Job runs (the kubelet marked it active and holds its pod back), the status says so.
    Job job =
        Waits.await("an active Job (the operator's log is printed at the end)")
            .until(environment::jobs, jobs -> jobs.size() == 1 && active(jobs.get(0)))
            .get(0);
    String jobName = job.getMetadata().getName();
    environment.awaitPhase("shop", Phase.Migrating);

    crashing.kill();

    DbMigrateOperator b = environment.startReplica("replica-b");
    // It leads once the dead instance's Lease expired, and then reconciles the resource.
    Waits.await("the new instance leading").until(() -> b.leadership().isLeader());
    Waits.await("a reconcile by the new instance")
        .until(() -> successfulReconciles(b), n -> n >= 1);
    assertThat(environment.jobs())
        .as("still one Job while it runs")
        .extracting(j -> j.getMetadata().getName())
        .containsExactly(jobName);
    assertThat(environment.get("shop").getStatus().getPhase()).isEqualTo(Phase.Migrating);

    kubelet.release();
    DatabaseMigration ready = environment.awaitPhase("shop", Phase.Ready);
    assertThat(ready.getStatus().getCurrentVersion()).isEqualTo("1");
    assertThat(ready.getStatus().getLastJob().getName()).isEqualTo(jobName);
    assertThat(ready.getStatus().getLastJob().getResult())
        .isEqualTo(io.dbmigrate.api.JobResult.Succeeded);
    assertThat(ready.getStatus().getMigrations().getApplied()).isEqualTo(1);
    assertThat(environment.jobs())
        .extracting(j -> j.getMetadata().getName())
        .containsExactly(jobName);
    assertThat(kubelet.runs()).as("the runner ran once").hasSize(1);
    assertThat(environment.jobCreations("replica-b"))
        .as("Job creations by the new instance")
        .isZero();
    assertThat(database.tableExists("customers")).isTrue();
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
}
