package io.dbmigrate.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.dbmigrate.api.DatabaseMigration;
import io.dbmigrate.api.Phase;
import io.dbmigrate.chart.RenderedChart;
import io.dbmigrate.gate.MigrationLookup;
import io.dbmigrate.gate.PodGateMutator;
import io.dbmigrate.gate.WebhookServer;
import io.dbmigrate.testing.EmulatedAdmission;
import io.dbmigrate.testing.ExampleManifests;
import io.dbmigrate.testing.MockCluster;
import io.dbmigrate.testing.OperatorEnvironment;
import io.dbmigrate.testing.Waits;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.MutatingWebhookConfiguration;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every example under {@code examples/}: each YAML file parses, each example applies to the API
 * server as {@code kubectl apply -k DIR} (or {@code kubectl apply -n NS -f FILE} for plain files)
 * would, and the app example's migrations run through the operator against PostgreSQL.
 */
class ExamplesIT {
  static final Path EXAMPLES = Path.of("../examples");

  /** Where the plain-file examples (those without a kustomization) are applied. */
  static final String PLAIN_NAMESPACE = "team-a";

  @TempDir Path tmp;

  @Test
  void everyYamlFileParses() throws IOException {
    List<Path> files = yamlFiles();
    assertThat(files)
        .extracting(p -> EXAMPLES.relativize(p).toString())
        .contains(
            "quickstart/kustomization.yaml",
            "app/kustomization.yaml",
            "image-pull/kustomization.yaml",
            "image-volume/kustomization.yaml",
            "rbac/migrator-serviceaccount.yaml");
    for (Path file : files) {
      if (file.getFileName().toString().equals("kustomization.yaml")) {
        assertThat(ExampleManifests.kustomize(file.getParent())).as(file.toString()).isNotEmpty();
      } else {
        assertThat(ExampleManifests.parse(file)).as(file.toString()).isNotEmpty();
      }
    }
  }

  @Test
  void everyExampleAppliesToTheApiServer() throws IOException {
    try (MockCluster cluster = MockCluster.start()) {
      KubernetesClient client = cluster.client();
      cluster.createNamespace(PLAIN_NAMESPACE);
      List<String> applied = new ArrayList<>();
      for (Path dir : exampleDirs()) {
        for (HasMetadata object : manifests(dir)) {
          // kubectl apply: create, or update what an earlier example created (a shared Namespace).
          client.resource(object).createOr(existing -> existing.update());
          applied.add(
              dir.getFileName() + ": " + object.getKind() + " " + object.getMetadata().getName());
        }
      }
      assertThat(applied)
          .contains(
              "quickstart: DatabaseMigration shop",
              "image-pull: DatabaseMigration catalog",
              "image-pull: Secret catalog-registry",
              "image-volume: DatabaseMigration billing",
              "app: DatabaseMigration shop-app",
              "app: Deployment shop-app",
              "app: Service shop-app",
              "app: ConfigMap shop-app-migrations",
              "rbac: ServiceAccount migrator");
      ServiceAccount migrator =
          client.serviceAccounts().inNamespace(PLAIN_NAMESPACE).withName("migrator").get();
      assertThat(migrator.getAutomountServiceAccountToken()).isFalse();
    }
  }

  /** A pod template that names a migration but lacks the label would start ungated. */
  @Test
  void everyPodTemplateThatRequiresAMigrationOptsInToTheWebhook() throws IOException {
    List<String> templates = new ArrayList<>();
    for (Path file : yamlFiles()) {
      if (file.getFileName().toString().equals("kustomization.yaml")) {
        continue;
      }
      for (HasMetadata object : ExampleManifests.parse(file)) {
        if (object instanceof Deployment deployment) {
          ObjectMeta template = deployment.getSpec().getTemplate().getMetadata();
          if (template.getAnnotations() != null
              && template.getAnnotations().containsKey("dbmigrate.io/requires")) {
            templates.add(
                EXAMPLES.relativize(file) + ": " + template.getLabels().get("dbmigrate.io/gate"));
          }
        }
      }
    }
    assertThat(templates)
        .containsExactlyInAnyOrder(
            "app/deployment.yaml: enabled", "gitops/argocd/sync-waves.yaml: enabled");
  }

  @Test
  void appIsMigratedToTheVersionItsPodsRequire() throws Exception {
    RenderedChart chart = RenderedChart.render(Map.of());
    // Only this test of the class runs the operator: the environment is started by hand.
    try (OperatorEnvironment environment =
            new OperatorEnvironment().inNamespace("shop-app").namespaceFromManifests().start();
        WebhookServer webhook =
            WebhookServer.start(
                0,
                chart.mountWebhookTls(tmp.resolve("tls")),
                new PodGateMutator(
                    MigrationLookup.from(environment.client()),
                    environment.client().getKubernetesSerialization()),
                environment.client().getKubernetesSerialization())) {
      KubernetesClient client = environment.client();
      environment.kubelet().hold();
      List<HasMetadata> objects = ExampleManifests.kustomize(EXAMPLES.resolve("app"));
      for (HasMetadata object : objects) {
        if (object instanceof Secret secret) {
          // What a user changes: where the database is.
          secret.setData(
              Map.of(
                  "url", base64(environment.database().jdbcUrl()),
                  "username", base64("postgres"),
                  "password", base64("unused")));
          secret.setStringData(null);
        }
        client.resource(object).create();
      }

      // A pod of the app's Deployment, created while its migration runs, goes through the webhook
      // the chart registers (admission played by the test: the mock API server has none).
      Deployment deployment =
          client.apps().deployments().inNamespace("shop-app").withName("shop-app").get();
      Pod pod =
          new PodBuilder()
              .withMetadata(
                  new ObjectMetaBuilder(deployment.getSpec().getTemplate().getMetadata())
                      .withName("shop-app-1")
                      .withNamespace("shop-app")
                      .build())
              .withSpec(deployment.getSpec().getTemplate().getSpec())
              .build();
      EmulatedAdmission admission =
          new EmulatedAdmission(
              client, chart.one(MutatingWebhookConfiguration.class), webhook::port);
      EmulatedAdmission.Admitted admitted = admission.create(pod);
      assertThat(admitted.webhooksCalled()).containsExactly("pods.dbmigrate.io");
      assertThat(admitted.pod().getSpec().getSchedulingGates())
          .extracting(g -> g.getName())
          .containsExactly("dbmigrate.io/shop-app");
      environment.kubelet().release();

      DatabaseMigration ready = environment.awaitPhase("shop-app", Phase.Ready);

      // The pods' requirement names this resource at the version it reached.
      Deployment app =
          client.apps().deployments().inNamespace("shop-app").withName("shop-app").get();
      String requires =
          app.getSpec().getTemplate().getMetadata().getAnnotations().get("dbmigrate.io/requires");
      assertThat(requires)
          .isEqualTo(ready.getMetadata().getName() + "@" + ready.getStatus().getCurrentVersion());
      assertThat(
              environment
                  .database()
                  .column(
                      "SELECT column_name FROM information_schema.columns WHERE table_name = 'products' ORDER BY ordinal_position"))
          .containsExactly("id", "sku", "name", "price_cents");
      // Production: the reference seed ran, the demo seed did not.
      assertThat(ready.getStatus().getSeeds())
          .extracting(seed -> seed.getName() + ":" + seed.getStatus())
          .containsExactly("reference:Applied", "demo:Skipped");
      assertThat(environment.database().column("SELECT sku FROM products ORDER BY sku"))
          .containsExactly("GIFT-CARD-25", "GIFT-CARD-50");
      Waits.await("the app's pod released")
          .atMost(Duration.ofSeconds(30))
          .until(
              () -> client.pods().inNamespace("shop-app").withName("shop-app-1").get(),
              p ->
                  p.getSpec().getSchedulingGates() == null
                      || p.getSpec().getSchedulingGates().isEmpty());
      assertThat(environment.jobs())
          .singleElement()
          .satisfies(
              job ->
                  assertThat(job.getSpec().getTemplate().getSpec().getServiceAccountName())
                      .isEqualTo("migrator"));
    }
  }

  private static List<HasMetadata> manifests(Path dir) throws IOException {
    if (Files.exists(dir.resolve("kustomization.yaml"))) {
      return ExampleManifests.kustomize(dir);
    }
    List<HasMetadata> objects = new ArrayList<>();
    try (Stream<Path> files = Files.list(dir)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList()) {
        for (HasMetadata object : ExampleManifests.parse(file)) {
          if (object.getMetadata().getNamespace() == null
              && !"Namespace".equals(object.getKind())) {
            object.getMetadata().setNamespace(PLAIN_NAMESPACE);
          }
          objects.add(object);
        }
      }
    }
    return objects;
  }

  private static List<Path> exampleDirs() throws IOException {
    try (Stream<Path> dirs = Files.list(EXAMPLES)) {
      return dirs.filter(Files::isDirectory).sorted().toList();
    }
  }

  private static List<Path> yamlFiles() throws IOException {
    try (Stream<Path> files = Files.walk(EXAMPLES)) {
      return files
          .filter(f -> f.toString().endsWith(".yaml") || f.toString().endsWith(".yml"))
          .sorted()
          .toList();
    }
  }

  private static String base64(String value) {
    return Base64.getEncoder().encodeToString(value.getBytes(StandardCharsets.UTF_8));
  }
}
