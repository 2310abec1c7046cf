package io.dbmigrate.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import io.dbmigrate.api.DatabaseMigration;
import io.dbmigrate.api.JobResult;
import io.dbmigrate.api.Phase;
import io.dbmigrate.testing.OperatorEnvironment;
import io.dbmigrate.testing.TestResources;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A non-transactional migration fails and leaves a failed entry that stops every later run; the
 * repair annotation clears it through a Job, and the fixed migration then runs.
 */
class RepairOperatorIT {
  private static final String NS = "shop";
  private static final String V1 = "CREATE TABLE orders (id int PRIMARY KEY, customer int);";

  @RegisterExtension final OperatorEnvironment environment = new OperatorEnvironment();

  @Test
  void theRepairAnnotationClearsAFailedEntryAndTheMigrationsRunAgain() {
    environment.createShop(
        Map.of(
            "V1__orders.sql",
            V1,
            "V2__index.sql",
            "CREATE INDEX CONCURRENTLY orders_customer ON missing (customer);"));
    DatabaseMigration failed = environment.awaitPhase("shop", Phase.Failed);
    assertThat(OperatorEnvironment.readyMessage(failed)).contains("V2__index.sql");

    KubernetesClient client = environment.client();
    client
        .resource(
            TestResources.migrations(
                NS,
                "shop-migrations",
                Map.of(
                    "V1__orders.sql",
                    V1,
                    "V2__index.sql",
                    "CREATE INDEX CONCURRENTLY orders_customer ON orders (customer);")))
        .update();
    DatabaseMigration stillFailed =
        environment.await(
            "shop",
            "the fixed input refused because of the failed entry",
            dm ->
                dm.getStatus().getPhase() == Phase.Failed
                    && !failed
                        .getStatus()
                        .getLastJob()
                        .getName()
                        .equals(dm.getStatus().getLastJob().getName()));
    assertThat(OperatorEnvironment.readyMessage(stillFailed))
        .contains("failed in an earlier run")
        .contains("dbmigrate.io/repair-requested");

    TestResources.mergePatch(
        client,
        NS,
        "shop",
        "{\"metadata\":{\"annotations\":{\"" + Annotations.REPAIR_REQUESTED + "\":\"1\"}}}");

    DatabaseMigration ready = environment.awaitReadyAt("shop", "2");
    assertThat(ready.getStatus().getRepair().getResult()).isEqualTo(JobResult.Succeeded);
    assertThat(ready.getStatus().getRepair().getMessage())
        .contains("removed failed V2__index.sql (version 2)")
        .contains("repair does not undo");
    OperatorEnvironment.assertCondition(ready, "Repaired", "True");
    assertThat(
            environment
                .database()
                .column(
                    "SELECT indexname FROM pg_indexes" + " WHERE tablename = 'orders' ORDER BY 1"))
        .contains("orders_customer");
    Event repaired = environment.awaitEvent("shop", "Repaired");
    assertThat(repaired.getType()).isEqualTo("Normal");
    assertThat(environment.jobs())
        .extracting(job -> job.getMetadata().getName())
        .contains(JobNames.forRepair("shop", "1"));
  }
}
