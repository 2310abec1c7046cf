package io.dbmigrate.testing;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.dbmigrate.api.DatabaseMigration;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads an example directory as {@code kubectl apply -k} would: the listed resources, the
 * kustomization's namespace, and ConfigMaps from its {@code configMapGenerator} (the subset of
 * kustomize the examples use; anything else fails loudly rather than being skipped).
 */
public final class ExampleManifests {
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

  private ExampleManifests() {}

  @SuppressWarnings("unchecked")
  public static List<HasMetadata> kustomize(Path dir) {
    Map<String, Object> kustomization = read(dir.resolve("kustomization.yaml"));
    for (String key : kustomization.keySet()) {
      if (!List.of("apiVersion", "kind", "namespace", "resources", "configMapGenerator")
          .contains(key)) {
        throw new IllegalArgumentException(
            "the test reader does not support kustomization field " + key);
      }
    }
    String namespace = (String) kustomization.get("namespace");
    List<HasMetadata> objects = new ArrayList<>();
    for (String file : (List<String>) kustomization.getOrDefault("resources", List.of())) {
      objects.addAll(parse(dir.resolve(file)));
    }
    for (Map<String, Object> generator :
        (List<Map<String, Object>>) kustomization.getOrDefault("configMapGenerator", List.of())) {
      Map<String, String> data = new LinkedHashMap<>();
      for (String file : (List<String>) generator.get("files")) {
        Path path = dir.resolve(file);
        data.put(path.getFileName().toString(), readString(path));
      }
      Map<String, Object> options =
          (Map<String, Object>) generator.getOrDefault("options", Map.of());
      if (!Boolean.TRUE.equals(options.get("disableNameSuffixHash"))) {
        throw new IllegalArgumentException(
            "examples must disable the name suffix hash: the resource names the ConfigMap");
      }
      objects.add(
          new ConfigMapBuilder()
              .withNewMetadata()
              .withName((String) generator.get("name"))
              .withLabels((Map<String, String>) options.getOrDefault("labels", Map.of()))
              .endMetadata()
              .withData(data)
              .build());
    }
    if (namespace != null) {
      objects.stream()
          .filter(o -> !"Namespace".equals(o.getKind()))
          .forEach(o -> o.getMetadata().setNamespace(namespace));
    }
    return objects;
  }

  /** Every document of a YAML file, typed where the tests need the type. */
  public static List<HasMetadata> parse(Path file) {
    List<HasMetadata> objects = new ArrayList<>();
    for (String document : readString(file).split("(?m)^---\\s*$")) {
      if (document.lines().allMatch(line -> line.isBlank() || line.strip().startsWith("#"))) {
        continue;
      }
      Map<String, Object> fields = readTree(document);
      Class<? extends HasMetadata> type =
          "DatabaseMigration".equals(fields.get("kind")) ? DatabaseMigration.class : null;
      objects.add(
          type == null
              ? (HasMetadata) SERIALIZATION.unmarshal(document)
              : SERIALIZATION.unmarshal(document, type));
    }
    return objects;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> readTree(String yaml) {
    try {
      return YAML.readValue(yaml, Map.class);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Map<String, Object> read(Path file) {
    return readTree(readString(file));
  }

  private static String readString(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
