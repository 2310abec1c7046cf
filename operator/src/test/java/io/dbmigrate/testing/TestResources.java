package io.dbmigrate.testing;

import io.dbmigrate.api.ConfigMapRef;
import io.dbmigrate.api.DatabaseMigration;
import io.dbmigrate.api.DatabaseMigrationSpec;
import io.dbmigrate.api.DatabaseSpec;
import io.dbmigrate.api.MigrationsSpec;
import io.dbmigrate.api.SecretValueSource;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The objects tests create, built the way users write them (watched inputs, Secret data encoded).
 */
public final class TestResources {
  public static final String WATCH_LABEL = "dbmigrate.io/watch";

  private TestResources() {}

  /**
   * A DatabaseMigration reading its URL from {@code <secret>/url}, migrations from the ConfigMaps.
   */
  public static DatabaseMigration migration(
      String namespace, String name, String secret, String... configMaps) {
    DatabaseSpec database = new DatabaseSpec();
    database.setUrlFrom(new SecretValueSource(secret, "url"));
    MigrationsSpec migrations = new MigrationsSpec();
    migrations.setConfigMaps(Arrays.stream(configMaps).map(ConfigMapRef::new).toList());
    DatabaseMigrationSpec spec = new DatabaseMigrationSpec();
    spec.setDatabase(database);
    spec.setMigrations(migrations);
    DatabaseMigration resource = new DatabaseMigration();
    resource.getMetadata().setName(name);
    resource.getMetadata().setNamespace(namespace);
    resource.setSpec(spec);
    return resource;
  }

  /**
   * A Secret as the API server stores it: values base64-encoded in {@code data} (the mock server
   * does not turn {@code stringData} into {@code data} as a real one does).
   */
  public static Secret secret(String namespace, String name, Map<String, String> values) {
    return new SecretBuilder()
        .withNewMetadata()
        .withName(name)
        .withNamespace(namespace)
        .addToLabels(WATCH_LABEL, "enabled")
        .endMetadata()
        .withData(
            values.entrySet().stream()
                .collect(Collectors.toMap(Map.Entry::getKey, e -> base64(e.getValue()))))
        .build();
  }

  public static ConfigMap migrations(String namespace, String name, Map<String, String> files) {
    return new ConfigMapBuilder()
        .withNewMetadata()
        .withName(name)
        .withNamespace(namespace)
        .addToLabels(WATCH_LABEL, "enabled")
        .endMetadata()
        .withData(new HashMap<>(files))
        .build();
  }

  /**
   * A JSON merge patch of a DatabaseMigration, as {@code kubectl annotate} and {@code kubectl
   * apply} send it: no resourceVersion, so the operator's status writes never make it conflict.
   */
  public static DatabaseMigration mergePatch(
      io.fabric8.kubernetes.client.KubernetesClient client,
      String namespace,
      String name,
      String json) {
    return client
        .resources(DatabaseMigration.class)
        .inNamespace(namespace)
        .withName(name)
        .patch(
            io.fabric8.kubernetes.client.dsl.base.PatchContext.of(
                io.fabric8.kubernetes.client.dsl.base.PatchType.JSON_MERGE),
            json);
  }

  /** A 1 GiB ReadWriteOnce claim, as a backup volume. */
  public static PersistentVolumeClaim claim(String namespace, String name) {
    return new PersistentVolumeClaimBuilder()
        .withNewMetadata()
        .withName(name)
        .withNamespace(namespace)
        .endMetadata()
        .withNewSpec()
        .withAccessModes("ReadWriteOnce")
        .withNewResources()
        .addToRequests("storage", new Quantity("1Gi"))
        .endResources()
        .endSpec()
        .build();
  }

  public static String base64(String value) {
    return Base64.getEncoder().encodeToString(value.getBytes(StandardCharsets.UTF_8));
  }
}
