package io.dbmigrate.chart;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import io.dbmigrate.testing.LabelSelectors;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.MutatingWebhook;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.MutatingWebhookConfiguration;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The Helm chart, linted and rendered by Helm's own library with the default values and the
 * variations users pick, asserted object by object.
 */
class HelmChartTest {
  private static final String FULLNAME = RenderedChart.RELEASE;
  private static final String IMAGE = "dbmigrate-operator:0.1.0";

  /** Every rule the operator needs on namespaced resources, derived from its API calls. */
  static final List<String> OPERATOR_RULES =
      List.of(
          "dbmigrate.io databasemigrations [get, list, watch]",
          "dbmigrate.io databasemigrations/status [patch]",
          "batch jobs [create, get, list, watch, delete]",
          "core pods [get, list, watch, patch]",
          "core secrets [get, list, watch]",
          "core configmaps [get, list, watch]",
          "core persistentvolumeclaims [get]",
          "core events [create]");

  static final List<String> LEADER_ELECTION_RULES =
      List.of(
          "coordination.k8s.io leases [create]",
          "coordination.k8s.io leases [get, update, patch] names=[dbmigrate-operator]");

  @Test
  void lintsCleanly() {
    LintResult result = new Helm(RenderedChart.CHART).lint().strict().call();
    assertThat(result.isFailed()).as("helm lint --strict: %s", result.getMessages()).isFalse();
  }

  @Test
  void defaultsRenderTheOperatorWatchingAllNamespaces() {
    RenderedChart chart = RenderedChart.render(Map.of());

    assertThat(chart.kinds())
        .containsExactlyInAnyOrder(
            "ServiceAccount",
            "Secret",
            "ClusterRole",
            "ClusterRoleBinding",
            "Role",
            "RoleBinding",
            "Service",
            "Deployment",
            "PodDisruptionBudget",
            "MutatingWebhookConfiguration");
    assertThat(rules(chart.one(ClusterRole.class).getRules()))
        .containsExactlyInAnyOrderElementsOf(OPERATOR_RULES);
    assertThat(chart.one(ClusterRoleBinding.class).getSubjects())
        .singleElement()
        .satisfies(
            s -> {
              assertThat(s.getKind()).isEqualTo("ServiceAccount");
              assertThat(s.getName())
                  .isEqualTo(chart.one(ServiceAccount.class).getMetadata().getName());
              assertThat(s.getNamespace()).isEqualTo(RenderedChart.NAMESPACE);
            });
    Role leaderElection = chart.one(Role.class);
    assertThat(leaderElection.getMetadata().getNamespace()).isEqualTo(RenderedChart.NAMESPACE);
    assertThat(rules(leaderElection.getRules()))
        .containsExactlyInAnyOrderElementsOf(LEADER_ELECTION_RULES);
    assertNoWildcards(chart);

    Deployment deployment = chart.one(Deployment.class);
    assertThat(deployment.getSpec().getReplicas()).isEqualTo(2);
    PodSpec pod = deployment.getSpec().getTemplate().getSpec();
    assertRestricted(pod);
    Container operator = pod.getContainers().get(0);
    assertThat(operator.getImage()).isEqualTo(IMAGE);
    assertThat(operator.getArgs())
        .containsExactly(
            "operator",
            "--http-port=8080",
            "--leader-election=true",
            "--recheck-interval=PT5M",
            "--webhook=true",
            "--webhook-port=9443",
            "--webhook-cert-dir=/etc/dbmigrate/webhook-tls");
    Map<String, EnvVar> env = env(operator);
    assertThat(env.get("DBMIGRATE_RUNNER_IMAGE").getValue()).isEqualTo(IMAGE);
    assertThat(env.get("DBMIGRATE_NAMESPACES").getValue()).isEmpty();
    assertThat(env).doesNotContainKey("DBMIGRATE_JVM_OPTIONS"); // the image's flags alone
    assertThat(env.get("DBMIGRATE_LEASE_NAMESPACE").getValueFrom().getFieldRef().getFieldPath())
        .isEqualTo("metadata.namespace");
    assertThat(env.get("POD_NAME").getValueFrom().getFieldRef().getFieldPath())
        .isEqualTo("metadata.name");
    assertThat(operator.getResources().getRequests()).containsKeys("cpu", "memory");
    assertThat(operator.getResources().getLimits()).containsEntry("memory", new Quantity("512Mi"));
    assertThat(operator.getLivenessProbe().getHttpGet().getPath()).isEqualTo("/healthz");
    assertThat(operator.getLivenessProbe().getHttpGet().getPort().getStrVal()).isEqualTo("http");
    assertThat(operator.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/readyz");
    assertThat(operator.getReadinessProbe().getHttpGet().getPort().getStrVal()).isEqualTo("http");
    assertThat(operator.getPorts())
        .extracting(p -> p.getName() + ":" + p.getContainerPort())
        .containsExactly("http:8080", "webhook:9443");
    assertThat(operator.getVolumeMounts())
        .extracting(m -> m.getName() + ":" + m.getMountPath())
        .containsExactly("tmp:/tmp", "webhook-tls:/etc/dbmigrate/webhook-tls");
    assertThat(pod.getServiceAccountName())
        .isEqualTo(chart.one(ServiceAccount.class).getMetadata().getName());

    Service service = chart.one(Service.class);
    assertThat(service.getSpec().getPorts())
        .extracting(p -> p.getName() + ":" + p.getPort() + "->" + p.getTargetPort().getStrVal())
        .containsExactly("http:8080->http", "webhook:443->webhook");

    MutatingWebhook webhook = chart.one(MutatingWebhookConfiguration.class).getWebhooks().get(0);
    assertThat(chart.one(MutatingWebhookConfiguration.class).getWebhooks())
        .as("no namespace opted in by default")
        .hasSize(1);
    assertThat(webhook.getName()).isEqualTo("pods.dbmigrate.io");
    assertThat(webhook.getFailurePolicy())
        .as("a pod that needs a schema does not start without it")
        .isEqualTo("Fail");
    assertThat(webhook.getSideEffects()).isEqualTo("None");
    assertThat(webhook.getAdmissionReviewVersions()).containsExactly("v1");
    assertThat(webhook.getTimeoutSeconds()).isEqualTo(5);
    assertThat(webhook.getRules())
        .singleElement()
        .satisfies(
            rule -> {
              assertThat(rule.getOperations()).containsExactly("CREATE");
              assertThat(rule.getResources()).containsExactly("pods");
            });
    assertThat(webhook.getClientConfig().getService().getName())
        .isEqualTo(service.getMetadata().getName());
    assertThat(webhook.getClientConfig().getService().getPath()).isEqualTo("/mutate-pods");
    assertThat(webhook.getClientConfig().getService().getPort()).isEqualTo(443);
    assertThat(webhook.getNamespaceSelector().getMatchExpressions())
        .singleElement()
        .satisfies(e -> assertThat(e.getValues()).contains("kube-system"));
    assertThat(webhook.getObjectSelector().getMatchLabels()).isNullOrEmpty();
    assertThat(webhook.getObjectSelector().getMatchExpressions())
        .extracting(e -> e.getKey() + " " + e.getOperator() + " " + e.getValues())
        .containsExactly(
            "dbmigrate.io/gate Exists []",
            "dbmigrate.io/gate NotIn [disabled]",
            "app.kubernetes.io/name NotIn [dbmigrate-operator]",
            "dbmigrate.io/migration DoesNotExist []");

    // The generated CA signed the serving certificate the pods mount.
    Secret tls = chart.one(Secret.class);
    assertThat(tls.getType()).isEqualTo("kubernetes.io/tls");
    assertThat(tls.getData()).containsOnlyKeys("ca.crt", "tls.crt", "tls.key");
    assertThat(webhook.getClientConfig().getCaBundle()).isEqualTo(tls.getData().get("ca.crt"));
    assertThat(decode(tls.getData().get("tls.crt"))).startsWith("-----BEGIN CERTIFICATE-----");
    assertThat(pod.getVolumes())
        .filteredOn(v -> v.getSecret() != null)
        .singleElement()
        .satisfies(
            v -> assertThat(v.getSecret().getSecretName()).isEqualTo(tls.getMetadata().getName()));
  }

  @Test
  void listedNamespacesGetRolesAndNothingClusterWide() {
    RenderedChart chart =
        RenderedChart.render(Map.of("watchNamespaces[0]", "shop", "watchNamespaces[1]", "billing"));

    assertThat(chart.all(ClusterRole.class)).isEmpty();
    assertThat(chart.all(ClusterRoleBinding.class)).isEmpty();
    Map<String, Role> roles =
        chart.all(Role.class).stream()
            .collect(
                Collectors.toMap(
                    r -> r.getMetadata().getNamespace() + "/" + r.getMetadata().getName(), r -> r));
    assertThat(roles)
        .containsOnlyKeys(
            "shop/" + FULLNAME,
            "billing/" + FULLNAME,
            RenderedChart.NAMESPACE + "/" + FULLNAME + "-leader-election");
    assertThat(rules(roles.get("shop/" + FULLNAME).getRules()))
        .containsExactlyInAnyOrderElementsOf(OPERATOR_RULES);
    assertThat(rules(roles.get("billing/" + FULLNAME).getRules()))
        .containsExactlyInAnyOrderElementsOf(OPERATOR_RULES);
    assertThat(chart.all(RoleBinding.class))
        .extracting(b -> b.getMetadata().getNamespace() + "/" + b.getRoleRef().getName())
        .containsExactlyInAnyOrder(
            "shop/" + FULLNAME,
            "billing/" + FULLNAME,
            RenderedChart.NAMESPACE + "/" + FULLNAME + "-leader-election");
    assertNoWildcards(chart);

    Container operator =
        chart.one(Deployment.class).getSpec().getTemplate().getSpec().getContainers().get(0);
    assertThat(env(operator).get("DBMIGRATE_NAMESPACES").getValue()).isEqualTo("shop,billing");
    // Pods are gated only where the operator may ungate them.
    MutatingWebhook webhook = chart.one(MutatingWebhookConfiguration.class).getWebhooks().get(0);
    assertThat(webhook.getNamespaceSelector().getMatchExpressions())
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.getOperator()).isEqualTo("In");
              assertThat(e.getValues()).containsExactly("shop", "billing");
            });
  }

  @Test
  void failurePolicyIgnoreIsSelectable() {
    RenderedChart chart =
        RenderedChart.render(
            Map.of(
                "webhook.failurePolicy", "Ignore",
                "webhook.namespaceSelector.matchLabels.dbmigrate\\.io/gate", "enabled"));

    assertThat(chart.one(MutatingWebhookConfiguration.class).getWebhooks())
        .extracting(w -> w.getName() + ":" + w.getFailurePolicy())
        .containsExactly("pods.dbmigrate.io:Ignore", "namespaces.dbmigrate.io:Ignore");
  }

  @Test
  void namespaceSelectorOptsInWholeNamespacesOnlyWhereTheOperatorActs() {
    RenderedChart chart =
        RenderedChart.render(
            Map.of(
                "webhook.namespaceSelector.matchLabels.dbmigrate\\.io/gate", "enabled",
                "webhook.namespaceSelector.matchExpressions[0].key", "team",
                "webhook.namespaceSelector.matchExpressions[0].operator", "Exists"));

    List<MutatingWebhook> webhooks = chart.one(MutatingWebhookConfiguration.class).getWebhooks();
    assertThat(webhooks)
        .extracting(MutatingWebhook::getName)
        .containsExactly("pods.dbmigrate.io", "namespaces.dbmigrate.io");
    MutatingWebhook pods = webhooks.get(0);
    MutatingWebhook namespaces = webhooks.get(1);
    assertThat(namespaces.getFailurePolicy()).isEqualTo("Fail");
    assertThat(namespaces.getClientConfig()).isEqualTo(pods.getClientConfig());
    assertThat(namespaces.getRules()).isEqualTo(pods.getRules());
    assertThat(namespaces.getNamespaceSelector().getMatchLabels())
        .containsExactly(Map.entry("dbmigrate.io/gate", "enabled"));
    assertThat(namespaces.getNamespaceSelector().getMatchExpressions())
        .extracting(e -> e.getKey() + " " + e.getOperator() + " " + e.getValues())
        .containsExactly(
            "team Exists []", "kubernetes.io/metadata.name NotIn [kube-system, kube-node-lease]");
    // Pods with the label go to the first webhook; "disabled" opts a pod out of both.
    assertThat(namespaces.getObjectSelector().getMatchExpressions())
        .extracting(e -> e.getKey() + " " + e.getOperator() + " " + e.getValues())
        .containsExactly(
            "dbmigrate.io/gate DoesNotExist []",
            "app.kubernetes.io/name NotIn [dbmigrate-operator]",
            "dbmigrate.io/migration DoesNotExist []");

    RenderedChart watching =
        RenderedChart.render(
            Map.of(
                "watchNamespaces[0]", "shop",
                "webhook.namespaceSelector.matchLabels.dbmigrate\\.io/gate", "enabled"));
    assertThat(watching.one(MutatingWebhookConfiguration.class).getWebhooks())
        .allSatisfy(
            w ->
                assertThat(w.getNamespaceSelector().getMatchExpressions())
                    .extracting(e -> e.getKey() + " " + e.getOperator() + " " + e.getValues())
                    .containsExactly("kubernetes.io/metadata.name In [shop]"));
  }

  /**
   * Which pods would wait on the operator at creation, decided from the rendered configuration's
   * selectors by the tests' {@link LabelSelectors} matcher (there is no API server here to ask). A
   * pod selected by a webhook whose failurePolicy is Fail is not created while no operator replica
   * answers; an unselected pod never reaches the webhook at all. The refusal itself is shown in
   * PodGatingIT.
   */
  @Test
  void renderedSelectorsSendOnlyOptedInPodsToTheWebhook() {
    RenderedChart chart =
        RenderedChart.render(
            Map.of(
                "podLabels.dbmigrate\\.io/gate", "enabled",
                "webhook.namespaceSelector.matchLabels.dbmigrate\\.io/gate", "enabled"));
    MutatingWebhookConfiguration configuration = chart.one(MutatingWebhookConfiguration.class);
    assertThat(configuration.getWebhooks())
        .extracting(MutatingWebhook::getFailurePolicy)
        .containsOnly("Fail");

    Map<String, String> shop = namespace("shop");
    Map<String, String> optedIn = namespace("billing", "dbmigrate.io/gate", "enabled");
    Map<String, String> web = Map.of("app", "web");
    Map<String, String> gated = Map.of("app", "web", "dbmigrate.io/gate", "enabled");

    assertThat(selecting(configuration, shop, gated)).containsExactly("pods.dbmigrate.io");
    assertThat(selecting(configuration, shop, Map.of("dbmigrate.io/gate", "true")))
        .as("a misspelt value reaches the webhook, which rejects it")
        .containsExactly("pods.dbmigrate.io");
    assertThat(selecting(configuration, shop, web))
        .as("no label: never waits on the operator")
        .isEmpty();
    assertThat(selecting(configuration, shop, Map.of("dbmigrate.io/gate", "disabled"))).isEmpty();
    assertThat(selecting(configuration, shop, Map.of("dbmigrate.io/gated", "true")))
        .as("the label the webhook sets is not the opt-in")
        .isEmpty();
    assertThat(
            selecting(
                configuration, namespace("kube-system", "dbmigrate.io/gate", "enabled"), gated))
        .isEmpty();

    assertThat(selecting(configuration, optedIn, web)).containsExactly("namespaces.dbmigrate.io");
    assertThat(selecting(configuration, optedIn, gated))
        .as("called once, not twice")
        .containsExactly("pods.dbmigrate.io");
    assertThat(
            selecting(
                configuration, optedIn, Map.of("app", "cache", "dbmigrate.io/gate", "disabled")))
        .isEmpty();
    assertThat(
            selecting(
                configuration,
                optedIn,
                Map.of("dbmigrate.io/migration", "shop", "job-name", "shop-1a2b")))
        .as("a migration Job's pod")
        .isEmpty();

    // The operator must start to ungate anything: its pods are never selected, even labelled.
    Map<String, String> operatorPod =
        chart.one(Deployment.class).getSpec().getTemplate().getMetadata().getLabels();
    assertThat(operatorPod).containsEntry("dbmigrate.io/gate", "enabled");
    assertThat(
            selecting(
                configuration,
                namespace(RenderedChart.NAMESPACE, "dbmigrate.io/gate", "enabled"),
                operatorPod))
        .isEmpty();
  }

  @Test
  void webhookOffRendersNoWebhookNoCertificateNoPort() {
    RenderedChart chart = RenderedChart.render(Map.of("webhook.enabled", false));

    assertThat(chart.kinds()).doesNotContain("MutatingWebhookConfiguration", "Secret");
    Container operator =
        chart.one(Deployment.class).getSpec().getTemplate().getSpec().getContainers().get(0);
    assertThat(operator.getArgs())
        .contains("--webhook=false")
        .noneMatch(a -> a.startsWith("--webhook-"));
    assertThat(operator.getPorts()).extracting(p -> p.getName()).containsExactly("http");
    assertThat(operator.getVolumeMounts()).extracting(m -> m.getName()).containsExactly("tmp");
    assertThat(chart.one(Service.class).getSpec().getPorts())
        .extracting(ServicePort::getName)
        .containsExactly("http");
  }

  @Test
  @SuppressWarnings("unchecked")
  void certManagerIssuesTheCertificateAndInjectsItsCa() {
    RenderedChart chart = RenderedChart.render(Map.of("webhook.certManager.enabled", true));

    assertThat(chart.all(Secret.class)).as("cert-manager writes the Secret").isEmpty();
    HasMetadata certificate = chart.find("Certificate", FULLNAME + "-webhook").orElseThrow();
    HasMetadata issuer = chart.find("Issuer", FULLNAME + "-selfsigned").orElseThrow();
    Map<String, Object> spec = spec(certificate);
    assertThat(spec).containsEntry("secretName", FULLNAME + "-webhook-tls");
    assertThat((List<Object>) spec.get("dnsNames"))
        .contains(FULLNAME + "." + RenderedChart.NAMESPACE + ".svc");
    assertThat(spec.get("issuerRef"))
        .isEqualTo(
            Map.of(
                "name",
                issuer.getMetadata().getName(),
                "kind",
                "Issuer",
                "group",
                "cert-manager.io"));
    MutatingWebhookConfiguration configuration = chart.one(MutatingWebhookConfiguration.class);
    assertThat(configuration.getMetadata().getAnnotations())
        .containsEntry(
            "cert-manager.io/inject-ca-from",
            RenderedChart.NAMESPACE + "/" + FULLNAME + "-webhook");
    assertThat(configuration.getWebhooks().get(0).getClientConfig().getCaBundle()).isNull();

    RenderedChart ownIssuer =
        RenderedChart.render(
            Map.of(
                "webhook.certManager.enabled", true,
                "webhook.certManager.issuerRef.name", "corp-ca",
                "webhook.certManager.issuerRef.kind", "ClusterIssuer"));
    assertThat(ownIssuer.kinds()).doesNotContain("Issuer");
    assertThat(
            spec(ownIssuer.find("Certificate", FULLNAME + "-webhook").orElseThrow())
                .get("issuerRef"))
        .isEqualTo(Map.of("name", "corp-ca", "kind", "ClusterIssuer", "group", "cert-manager.io"));
  }

  @Test
  void serviceMonitorScrapesTheHttpPort() {
    assertThat(RenderedChart.render(Map.of()).kinds()).doesNotContain("ServiceMonitor");

    RenderedChart chart = RenderedChart.render(Map.of("metrics.serviceMonitor.enabled", true));
    HasMetadata monitor = chart.find("ServiceMonitor", FULLNAME).orElseThrow();
    assertThat(monitor.getApiVersion()).isEqualTo("monitoring.coreos.com/v1");
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> endpoints =
        (List<Map<String, Object>>) spec(monitor).get("endpoints");
    assertThat(endpoints)
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e).containsEntry("port", "http").containsEntry("path", "/metrics");
            });
  }

  @Test
  void jvmOptionsReachTheImagesEntryPoint() {
    RenderedChart chart = RenderedChart.render(Map.of("jvmOptions", "-XX:MaxRAMPercentage=60"));

    Container operator =
        chart.one(Deployment.class).getSpec().getTemplate().getSpec().getContainers().get(0);
    assertThat(env(operator).get("DBMIGRATE_JVM_OPTIONS").getValue())
        .isEqualTo("-XX:MaxRAMPercentage=60");
  }

  @Test
  void leaderElectionOffForASingleReplica() {
    RenderedChart chart =
        RenderedChart.render(Map.of("leaderElection.enabled", false, "replicaCount", 1));

    assertThat(chart.all(Role.class)).isEmpty();
    assertThat(chart.kinds()).doesNotContain("PodDisruptionBudget");
    Deployment deployment = chart.one(Deployment.class);
    assertThat(deployment.getSpec().getReplicas()).isEqualTo(1);
    assertThat(deployment.getSpec().getTemplate().getSpec().getContainers().get(0).getArgs())
        .contains("--leader-election=false");
  }

  @Test
  void schemaRejectsAValueOfTheWrongType() {
    assertThatThrownBy(() -> RenderedChart.render(Map.of("replicaCount", "two")))
        .hasMessageContaining("replicaCount");
    assertThatThrownBy(() -> RenderedChart.render(Map.of("webhook.failurePolicy", "Sometimes")))
        .hasMessageContaining("failurePolicy");
    assertThatThrownBy(() -> RenderedChart.render(Map.of("replicas", 3)))
        .as("an unknown value is a typo, not a silent no-op")
        .hasMessageContaining("replicas");
    assertThatThrownBy(
            () -> RenderedChart.render(Map.of("webhook.objectSelector.matchLabels.app", "web")))
        .as("the pod label decides; no selector replaces it")
        .hasMessageContaining("objectSelector");
    assertThatThrownBy(
            () ->
                RenderedChart.render(
                    Map.of(
                        "webhook.namespaceSelector.matchExpressions[0].key", "team",
                        "webhook.namespaceSelector.matchExpressions[0].operator", "Equals")))
        .hasMessageContaining("operator");
  }

  @Test
  void chartCrdsEqualTheRepositoryCrds() throws IOException {
    Path repository = Path.of("../crds");
    Path chart = RenderedChart.CHART.resolve("crds");
    List<String> names = fileNames(repository);
    assertThat(fileNames(chart)).isEqualTo(names);
    for (String name : names) {
      assertThat(Files.readString(chart.resolve(name)))
          .as(
              "helm/dbmigrate-operator/crds/%s must equal crds/%s (cp crds/*.yml helm/dbmigrate-operator/crds/)",
              name, name)
          .isEqualTo(Files.readString(repository.resolve(name)));
    }
  }

  @Test
  void crdsAreNotTemplated() {
    // Helm installs crds/ before the templates and never upgrades them; no template renders one.
    RenderedChart chart = RenderedChart.render(command -> command.skipCrds());
    assertThat(chart.all(CustomResourceDefinition.class)).isEmpty();
  }

  private static List<String> fileNames(Path dir) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  /** One line per rule: "group resource [verbs]" and the resource names when limited. */
  static List<String> rules(List<PolicyRule> rules) {
    return rules.stream()
        .flatMap(
            rule ->
                rule.getApiGroups().stream()
                    .flatMap(
                        group ->
                            rule.getResources().stream()
                                .map(
                                    resource ->
                                        (group.isEmpty() ? "core" : group)
                                            + " "
                                            + resource
                                            + " "
                                            + rule.getVerbs()
                                            + (rule.getResourceNames() == null
                                                    || rule.getResourceNames().isEmpty()
                                                ? ""
                                                : " names=" + rule.getResourceNames()))))
        .toList();
  }

  private static void assertNoWildcards(RenderedChart chart) {
    Stream<PolicyRule> all =
        Stream.concat(
            chart.all(ClusterRole.class).stream().flatMap(r -> r.getRules().stream()),
            chart.all(Role.class).stream().flatMap(r -> r.getRules().stream()));
    assertThat(all.toList())
        .isNotEmpty()
        .allSatisfy(
            rule -> {
              assertThat(rule.getApiGroups()).doesNotContain("*");
              assertThat(rule.getResources())
                  .isNotEmpty()
                  .doesNotContain("*")
                  .noneMatch(r -> r.contains("*"));
              assertThat(rule.getVerbs()).doesNotContain("*");
              assertThat(rule.getNonResourceURLs()).isNullOrEmpty();
            });
  }

  private static void assertRestricted(PodSpec pod) {
    PodSecurityContext podContext = pod.getSecurityContext();
    assertThat(podContext.getRunAsNonRoot()).isTrue();
    assertThat(podContext.getRunAsUser()).isEqualTo(65532L);
    assertThat(podContext.getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
    assertThat(pod.getHostNetwork()).isNotEqualTo(Boolean.TRUE);
    for (Container container : pod.getContainers()) {
      SecurityContext context = container.getSecurityContext();
      assertThat(context.getAllowPrivilegeEscalation()).isFalse();
      assertThat(context.getReadOnlyRootFilesystem()).isTrue();
      assertThat(context.getPrivileged()).isNotEqualTo(Boolean.TRUE);
      assertThat(context.getCapabilities().getDrop()).containsExactly("ALL");
      assertThat(context.getCapabilities().getAdd()).isNullOrEmpty();
    }
    assertThat(pod.getVolumes())
        .filteredOn(v -> "tmp".equals(v.getName()))
        .singleElement()
        .satisfies(v -> assertThat(v.getEmptyDir()).isNotNull());
  }

  /** The names of the webhooks whose selectors select a pod with these labels in that namespace. */
  private static List<String> selecting(
      MutatingWebhookConfiguration configuration,
      Map<String, String> namespaceLabels,
      Map<String, String> podLabels) {
    return configuration.getWebhooks().stream()
        .filter(w -> LabelSelectors.matches(w.getNamespaceSelector(), namespaceLabels))
        .filter(w -> LabelSelectors.matches(w.getObjectSelector(), podLabels))
        .map(MutatingWebhook::getName)
        .toList();
  }

  /** A namespace's labels as the API server stores them: it adds kubernetes.io/metadata.name. */
  private static Map<String, String> namespace(String name, String... labels) {
    Map<String, String> all = new java.util.HashMap<>(Map.of("kubernetes.io/metadata.name", name));
    for (int i = 0; i < labels.length; i += 2) {
      all.put(labels[i], labels[i + 1]);
    }
    return all;
  }

  private static Map<String, EnvVar> env(Container container) {
    return container.getEnv().stream().collect(Collectors.toMap(EnvVar::getName, e -> e));
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> spec(HasMetadata resource) {
    return (Map<String, Object>)
        ((GenericKubernetesResource) resource).getAdditionalProperties().get("spec");
  }

  private static String decode(String base64) {
    return new String(
        Base64.getDecoder().decode(base64), java.nio.charset.StandardCharsets.US_ASCII);
  }
}
