package io.dbmigrate.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import io.dbmigrate.api.ConfigMapRef;
import io.dbmigrate.api.DatabaseMigration;
import io.dbmigrate.api.DatabaseMigrationSpec;
import io.dbmigrate.api.DatabaseSpec;
import io.dbmigrate.api.MigrationsSpec;
import io.dbmigrate.api.SecretValueSource;
import io.dbmigrate.chart.RenderedChart;
import io.dbmigrate.testing.ApiRequest;
import io.dbmigrate.testing.OperatorEnvironment;
import io.dbmigrate.testing.OperatorProcess;
import io.dbmigrate.testing.PostgresDatabase;
import io.dbmigrate.testing.Waits;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.authorization.v1.ResourceRule;
import io.fabric8.kubernetes.api.model.authorization.v1.ResourceRuleBuilder;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Two operator replicas against one API server, each with its own client, as two pods would run:
 * only the Lease holder creates Jobs, the standby takes over when the holder stops, and no input
 * gets a second Job. The API server authorizes nothing, so the test checks afterwards that every
 * request the replicas made is allowed by the RBAC rules the Helm chart renders.
 */
class LeaderElectionIT {
  private static final String NS = "shop";
  private static final String LEASE_NAMESPACE = OperatorEnvironment.OPERATOR_NAMESPACE;
  private static final String AGENT_PREFIX = OperatorProcess.AGENT_PREFIX;

  /** The chart as installed with its defaults. */
  private static final RenderedChart CHART = RenderedChart.render(Map.of());

  /**
   * The rules review answers what the chart grants in the lease namespace: JOSDK refuses to start
   * leader election unless they include create, get and update on leases.
   */
  @RegisterExtension
  final OperatorEnvironment environment =
      new OperatorEnvironment()
          .withoutOperator()
          .withLeaseRules(resourceRules(CHART.one(Role.class).getRules()));

  @Test
  void standbyTakesOverWhenTheLeaderStopsAndNoInputRunsTwice() {
    List<PolicyRule> clusterRules = CHART.one(ClusterRole.class).getRules();
    List<PolicyRule> leaseRules = CHART.one(Role.class).getRules();
    KubernetesClient client = environment.client();
    PostgresDatabase database = environment.database();
    DbMigrateOperator a = environment.startReplica("replica-a");
    Waits.await("replica-a leading").until(() -> a.leadership().isLeader());
    DbMigrateOperator standby = environment.startReplica("replica-b");

    createInputs(
        client,
        database,
        Map.of("V1__customers.sql", "CREATE TABLE customers (id bigint PRIMARY KEY);"));
    DatabaseMigration first = environment.awaitReadyAt("shop", "1");
    String firstJob = first.getStatus().getLastJob().getName();
    assertThat(environment.leaseHolder()).isEqualTo("replica-a");
    assertThat(standby.leadership().isLeader()).isFalse();
    assertThat(standby.leadership().holder()).contains("replica-a");
    assertThat(standby.runtimeInfo().isStarted())
        .as("a standby is started (and so ready)")
        .isTrue();
    assertThat(environment.jobCreations("replica-b")).as("the standby created no Job").isZero();

    // The leader stops (a rolling update, a drained node); a new input arrives at once.
    long stopped = System.nanoTime();
    a.stop();
    ConfigMap migrations = client.configMaps().inNamespace(NS).withName("shop-migrations").get();
    migrations.getData().put("V2__orders.sql", "CREATE TABLE orders (id bigint PRIMARY KEY);");
    client.resource(migrations).update();

    Waits.await("replica-b holding the Lease").until(environment::leaseHolder, "replica-b"::equals);
    long leaseTaken = System.nanoTime();
    Waits.await("a Job for the new input").until(() -> environment.jobs().size(), n -> n == 2);
    long jobCreated = System.nanoTime();
    System.out.printf(
        "leader election failover (lease %s, renew %s, retry %s): leader stopped -> Lease held by the standby in %d ms,"
            + " -> Job for the new input created by the standby in %d ms%n",
        OperatorEnvironment.leaderElection("x").leaseDuration(),
        OperatorEnvironment.leaderElection("x").renewDeadline(),
        OperatorEnvironment.leaderElection("x").retryPeriod(),
        Duration.ofNanos(leaseTaken - stopped).toMillis(),
        Duration.ofNanos(jobCreated - stopped).toMillis());

    DatabaseMigration second = environment.awaitReadyAt("shop", "2");
    assertThat(standby.leadership().isLeader()).isTrue();
    assertThat(environment.jobs())
        .extracting(j -> j.getMetadata().getName())
        .containsExactlyInAnyOrder(firstJob, second.getStatus().getLastJob().getName());
    assertThat(environment.jobCreations("replica-a")).as("Jobs created by replica-a").isEqualTo(1);
    assertThat(environment.jobCreations("replica-b")).as("Jobs created by replica-b").isEqualTo(1);
    assertThat(database.tableExists("orders")).isTrue();
    a.stop();
    standby.stop();

    assertEveryRequestAllowed(environment.cluster().requests(), clusterRules, leaseRules);
  }

  /** Every request of the replicas, checked as the RBAC authorizer would check it. */
  private static void assertEveryRequestAllowed(
      List<ApiRequest> requests, List<PolicyRule> clusterRules, List<PolicyRule> leaseRules) {
    List<ApiRequest> operator =
        requests.stream()
            .filter(r -> r.userAgent() != null && r.userAgent().startsWith(AGENT_PREFIX))
            // Every authenticated user may review its own rules (system:basic-user).
            .filter(
                r -> !r.path().startsWith("/apis/authorization.k8s.io/v1/selfsubjectrulesreviews"))
            .toList();
    assertThat(operator).isNotEmpty();
    List<String> used =
        operator.stream().map(r -> r.attributes().toString()).distinct().sorted().toList();
    System.out.println("API calls of the operator replicas: " + used);
    assertThat(operator)
        .allSatisfy(
            request ->
                assertThat(
                        request.allowedBy(clusterRules)
                            || (LEASE_NAMESPACE.equals(request.attributes().namespace())
                                && request.allowedBy(leaseRules)))
                    .as(
                        "%s %s (%s) is allowed by the chart's RBAC",
                        request.method(), request.path(), request.attributes())
                    .isTrue());
  }

  private static List<ResourceRule> resourceRules(List<PolicyRule> rules) {
    return rules.stream()
        .map(
            rule ->
                new ResourceRuleBuilder()
                    .withApiGroups(rule.getApiGroups())
                    .withResources(rule.getResources())
                    .withResourceNames(rule.getResourceNames())
                    .withVerbs(rule.getVerbs())
                    .build())
        .toList();
  }

  private static void createInputs(
      KubernetesClient client, PostgresDatabase database, Map<String, String> files) {
    Map<String, String> secret = Map.of("url", database.jdbcUrl(), "username", database.username());
    client
        .resource(
            new SecretBuilder()
                .withNewMetadata()
                .withName("shop-db")
                .withNamespace(NS)
                .addToLabels("dbmigrate.io/watch", "enabled")
                .endMetadata()
                .withData(
                    secret.entrySet().stream()
                        .collect(
                            Collectors.toMap(
                                Map.Entry::getKey,
                                e ->
                                    Base64.getEncoder()
                                        .encodeToString(
                                            e.getValue().getBytes(StandardCharsets.UTF_8)))))
                .build())
        .create();
    client
        .resource(
            new ConfigMapBuilder()
                .withNewMetadata()
                .withName("shop-migrations")
                .withNamespace(NS)
                .addToLabels("dbmigrate.io/watch", "enabled")
                .endMetadata()
                .withData(new java.util.HashMap<>(files))
                .build())
        .create();
    DatabaseSpec db = new DatabaseSpec();
    db.setUrlFrom(new SecretValueSource("shop-db", "url"));
    db.setUsernameFrom(new SecretValueSource("shop-db", "username"));
    MigrationsSpec migrations = new MigrationsSpec();
    migrations.setConfigMaps(List.of(new ConfigMapRef("shop-migrations")));
    DatabaseMigrationSpec spec = new DatabaseMigrationSpec();
    spec.setDatabase(db);
    spec.setMigrations(migrations);
    DatabaseMigration shop = new DatabaseMigration();
    shop.getMetadata().setName("shop");
    shop.getMetadata().setNamespace(NS);
    shop.setSpec(spec);
    client.resource(shop).create();
  }
}
