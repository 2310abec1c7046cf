package io.dbmigrate.gate;

import io.dbmigrate.api.DatabaseMigration;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.Optional;

/** Finds the state of a DatabaseMigration for an admission decision. */
@FunctionalInterface
public interface MigrationLookup {
  Optional<MigrationReadiness> find(String namespace, String name);

  /** Reads the resource from the API server: admission is rare enough, and always current. */
  static MigrationLookup from(KubernetesClient client) {
    return (namespace, name) ->
        Optional.ofNullable(
                client
                    .resources(DatabaseMigration.class)
                    .inNamespace(namespace)
                    .withName(name)
                    .get())
            .map(MigrationReadiness::of);
  }
}
