package io.dbmigrate.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionVersion;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The CRD users install is the one the build generates from the API types. */
class GeneratedCrdTest {
  static final String FILE = "databasemigrations.dbmigrate.io-v1.yml";
  static final Path GENERATED = Path.of("target/classes/META-INF/fabric8", FILE);
  static final Path COMMITTED = Path.of("../crds", FILE);

  @Test
  void committedCrdEqualsTheGeneratedOne() throws IOException {
    assertThat(Files.readString(COMMITTED))
        .as("crds/%s is stale: run `mvn -B process-classes` and copy %s to crds/", FILE, GENERATED)
        .isEqualTo(Files.readString(GENERATED));
  }

  @Test
  void crdHasStatusSubresourceShortNameColumnsAndValidation() throws IOException {
    CustomResourceDefinition crd =
        new KubernetesSerialization()
            .unmarshal(Files.readString(COMMITTED), CustomResourceDefinition.class);
    assertThat(crd.getSpec().getGroup()).isEqualTo("dbmigrate.io");
    assertThat(crd.getSpec().getNames().getShortNames()).containsExactly("dbm");
    CustomResourceDefinitionVersion version = crd.getSpec().getVersions().get(0);
    assertThat(version.getName()).isEqualTo("v1alpha1");
    assertThat(version.getSubresources().getStatus()).isNotNull();
    assertThat(version.getAdditionalPrinterColumns())
        .extracting(c -> c.getName())
        .contains("Phase", "Version", "Pending", "Age");

    JSONSchemaProps spec = version.getSchema().getOpenAPIV3Schema().getProperties().get("spec");
    assertThat(spec.getRequired()).containsExactlyInAnyOrder("database", "migrations");
    JSONSchemaProps database = spec.getProperties().get("database");
    assertThat(database.getRequired()).containsExactly("urlFrom");
    assertThat(database.getProperties().get("engine").getEnum())
        .extracting(node -> node.asText())
        .containsExactlyInAnyOrder("postgresql", "mysql", "mariadb");
    assertThat(database.getProperties().get("engine").getDefault())
        .as("the engine defaults from the URL, not from the schema")
        .isNull();
    JSONSchemaProps migrations = spec.getProperties().get("migrations");
    assertThat(migrations.getRequired()).as("configMaps or image: one of the two").isEmpty();
    assertThat(migrations.getXKubernetesValidations())
        .singleElement()
        .satisfies(
            rule ->
                assertThat(rule.getMessage())
                    .isEqualTo("spec.migrations needs exactly one of configMaps and image"));
    assertThat(migrations.getProperties().get("image").getRequired()).containsExactly("reference");
    JSONSchemaProps job = spec.getProperties().get("job");
    assertThat(job.getProperties().get("activeDeadlineSeconds").getDefault().asLong())
        .isEqualTo(600);
    assertThat(job.getProperties().get("backoffLimit").getDefault().asInt()).isEqualTo(1);
  }
}
