package io.dbmigrate.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.dbmigrate.api.DatabaseMigration;
import io.dbmigrate.api.Phase;
import io.dbmigrate.testing.ExampleManifests;
import io.dbmigrate.testing.MariaDbDatabase;
import io.dbmigrate.testing.OperatorEnvironment;
import io.dbmigrate.testing.TestResources;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code kubectl apply -k examples/mariadb}, with the Secret pointed at a test database: the plan
 * waits for approval with its caution, and the approved digest runs.
 */
class MariaDbExampleIT {
  static final Path EXAMPLE = Path.of("../examples/mariadb");
  private static final String NS = "inventory";

  @RegisterExtension
  final OperatorEnvironment environment =
      new OperatorEnvironment().inNamespace(NS).namespaceFromManifests();

  @RegisterExtension final MariaDbDatabase mariadb = new MariaDbDatabase();

  @Test
  void theExamplePlansWaitsForApprovalAndMigrates() {
    KubernetesClient client = environment.client();
    String user = "inv" + mariadb.name().substring(4, 14);
    mariadb.execute("CREATE USER '" + user + "'@'%' IDENTIFIED BY 'Inventory-Pw-1'");
    mariadb.execute("GRANT ALL ON " + mariadb.name() + ".* TO '" + user + "'@'%'");
    try {
      applyAndApprove(client, user);
    } finally {
      mariadb.execute("DROP USER '" + user + "'@'%'");
    }
  }

  private void applyAndApprove(KubernetesClient client, String user) {
    List<HasMetadata> objects = ExampleManifests.kustomize(EXAMPLE);
    assertThat(objects)
        .extracting(HasMetadata::getKind)
        .containsExactlyInAnyOrder("Namespace", "Secret", "DatabaseMigration", "ConfigMap");
    for (HasMetadata object : objects) {
      if (object instanceof Secret secret) {
        // What a user changes: where the database is, and the password.
        assertThat(secret.getStringData()).containsKeys("url", "password");
        secret.setStringData(null);
        secret.setData(
            Map.of(
                "url",
                TestResources.base64(
                    "mariadb://"
                        + user
                        + "@127.0.0.1:"
                        + MariaDbDatabase.PORT
                        + "/"
                        + mariadb.name()),
                "password",
                TestResources.base64("Inventory-Pw-1")));
      }
      client.resource(object).create();
    }

    DatabaseMigration awaiting = environment.awaitPhase("inventory", Phase.AwaitingApproval);
    String digest = awaiting.getStatus().getPlan().getDigest();
    assertThat(awaiting.getStatus().getPlan().getMigrations()).hasSize(2);
    assertThat(awaiting.getStatus().getPlan().getCaution())
        .startsWith("MariaDB commits each DDL statement at once");
    assertThat(mariadb.tableExists("items")).as("the plan changes nothing").isFalse();

    TestResources.mergePatch(
        client,
        NS,
        "inventory",
        "{\"metadata\":{\"annotations\":{\"dbmigrate.io/approved-digest\":\"" + digest + "\"}}}");
    DatabaseMigration ready = environment.awaitReadyAt("inventory", "2");
    assertThat(ready.getStatus().getAppliedDigest()).isEqualTo(digest);
    assertThat(
            mariadb.column(
                "SELECT column_name FROM information_schema.columns"
                    + " WHERE table_schema = DATABASE() AND table_name = 'items' ORDER BY ordinal_position"))
        .containsExactly("id", "name", "stock", "created_at", "sku");
  }
}
