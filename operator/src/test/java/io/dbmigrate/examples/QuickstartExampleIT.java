package io.dbmigrate.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.dbmigrate.api.DatabaseMigration;
import io.dbmigrate.api.Phase;
import io.dbmigrate.testing.ExampleManifests;
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

/** {@code kubectl apply -k examples/quickstart}, with the Secret pointed at the test database. */
class QuickstartExampleIT {
  static final Path QUICKSTART = Path.of("../examples/quickstart");

  @RegisterExtension
  final OperatorEnvironment environment = new OperatorEnvironment().namespaceFromManifests();

  @Test
  void quickstartMigratesTheDatabase() {
    KubernetesClient client = environment.client();
    List<HasMetadata> objects = ExampleManifests.kustomize(QUICKSTART);
    assertThat(objects)
        .extracting(HasMetadata::getKind)
        .containsExactlyInAnyOrder("Namespace", "Secret", "DatabaseMigration", "ConfigMap");

    for (HasMetadata object : objects) {
      if (object instanceof Secret secret) {
        // What a user changes: where the database is.
        secret.setStringData(
            Map.of(
                "url",
                environment.database().jdbcUrl(),
                "username",
                "postgres",
                "password",
                "unused"));
        secret.setData(
            Map.of(
                "url",
                TestResources.base64(environment.database().jdbcUrl()),
                "username",
                TestResources.base64("postgres"),
                "password",
                TestResources.base64("unused")));
        secret.setStringData(null);
      }
      client.resource(object).create();
    }

    DatabaseMigration ready = environment.awaitPhase("shop", Phase.Ready);
    assertThat(ready.getStatus().getCurrentVersion()).isEqualTo("2");
    assertThat(environment.database().tableExists("customers")).isTrue();
    assertThat(environment.database().tableExists("orders")).isTrue();
  }
}
