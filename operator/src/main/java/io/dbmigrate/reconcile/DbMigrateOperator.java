package io.dbmigrate.reconcile;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.Operator;
import java.time.Clock;
import java.util.Set;

/**
 * Builds the JOSDK operator the way production runs it; tests start this same one against the
 * mock API server.
 */
public final class DbMigrateOperator {
  private DbMigrateOperator() {}

  /**
   * @param namespaces the namespaces to watch; empty means all
   */
  public static Operator create(KubernetesClient client, OperatorSettings settings, Set<String> namespaces) {
    Operator operator =
        new Operator(
            overrider ->
                overrider
                    .withKubernetesClient(client)
                    // Status is patched with a JSON merge patch rather than server-side apply:
                    // every API server accepts it, including the test server.
                    .withUseSSAToPatchPrimaryResource(false)
                    .withSSABasedCreateUpdateMatchForDependentResources(false)
                    .withCloseClientOnStop(false));
    operator.register(
        new DatabaseMigrationReconciler(settings, Clock.systemUTC()),
        config -> {
          config.withReconciliationMaxInterval(settings.recheckInterval());
          if (namespaces.isEmpty()) {
            config.watchingAllNamespaces();
          } else {
            config.settingNamespaces(namespaces);
          }
        });
    return operator;
  }
}
