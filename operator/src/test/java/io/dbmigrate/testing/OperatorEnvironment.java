package io.dbmigrate.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.dbmigrate.api.DatabaseMigration;
import io.dbmigrate.api.Phase;
import io.dbmigrate.reconcile.DbMigrateOperator;
import io.dbmigrate.reconcile.LeaderElectionSettings;
import io.dbmigrate.reconcile.OperatorSettings;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.authorization.v1.ResourceRule;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Everything an operator test runs against: a fresh PostgreSQL database, the mock API server with
 * the CRD and the test's namespace ({@code shop}), the kubelet fixture, and the real operator,
 * started and stopped together, with the waits and lookups the tests share.
 *
 * <p>A JUnit 5 extension, one environment per test:
 *
 * <pre>{@code
 * @RegisterExtension final OperatorEnvironment environment = new OperatorEnvironment();
 *
 * @Test
 * void migrates() {
 *   environment.client().resource(shop).create();
 *   DatabaseMigration ready = environment.awaitPhase("shop", Phase.Ready);
 *   OperatorEnvironment.assertCondition(ready, "Ready", "True", "MigrationsApplied");
 * }
 * }</pre>
 *
 * On a {@code static} field it is one environment for the whole class. {@link #withoutOperator()}
 * leaves the operator to the test ({@link #startReplica}, {@link #startOperatorProcess}), {@link
 * #withLeaseRules} sets what the API server grants, {@link #inNamespace} and {@link
 * #namespaceFromManifests} where the test works. Outside JUnit: {@link #start()} and {@link
 * #close()}.
 */
public final class OperatorEnvironment
    implements BeforeAllCallback,
        AfterAllCallback,
        BeforeEachCallback,
        AfterEachCallback,
        AutoCloseable {
  public static final OperatorSettings SETTINGS =
      new OperatorSettings("dbmigrate-operator:test", OperatorSettings.DEFAULT_RECHECK_INTERVAL);

  /** The operator's namespace, where the Lease lives. */
  public static final String OPERATOR_NAMESPACE = "dbmigrate-system";

  private String namespace = "shop";
  private boolean createNamespace = true;
  private boolean withOperator = true;
  private List<ResourceRule> leaseRules = MockCluster.LEASE_RULES;
  private boolean perClass;
  private OperatorSettings settings = SETTINGS;

  private Path workDir;
  private PostgresDatabase database;
  private MockCluster cluster;
  private KubeletFixture kubelet;
  private DbMigrateOperator operator;
  private int restarts;
  private final List<DbMigrateOperator> replicas = new ArrayList<>();
  private final Map<String, OperatorProcess> processes = new LinkedHashMap<>();

  /** The namespace the test works in (and the lookups look in), {@code shop} by default. */
  public OperatorEnvironment inNamespace(String namespace) {
    this.namespace = namespace;
    return this;
  }

  /** The namespace is not created at start: the test's manifests create it. */
  public OperatorEnvironment namespaceFromManifests() {
    createNamespace = false;
    return this;
  }

  /** No operator started: the test starts its replicas itself. */
  public OperatorEnvironment withoutOperator() {
    withOperator = false;
    return this;
  }

  /** The operator's {@code --recheck-interval} (5 minutes by default). */
  public OperatorEnvironment withRecheckInterval(Duration interval) {
    settings = new OperatorSettings(SETTINGS.runnerImage(), interval);
    return this;
  }

  /** What the API server's rules review answers (as RBAC would); the lease rules by default. */
  public OperatorEnvironment withLeaseRules(List<ResourceRule> rules) {
    leaseRules = List.copyOf(rules);
    return this;
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    perClass = true;
    start();
  }

  @Override
  public void afterAll(ExtensionContext context) {
    close();
  }

  @Override
  public void beforeEach(ExtensionContext context) {
    if (!perClass) {
      start();
    }
  }

  @Override
  public void afterEach(ExtensionContext context) {
    if (!perClass) {
      close();
    }
  }

  public OperatorEnvironment start() {
    try {
      workDir = Files.createTempDirectory("dbmigrate-operator-it");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    database = new PostgresDatabase().create();
    cluster = MockCluster.start(leaseRules);
    if (createNamespace) {
      cluster.createNamespace(namespace);
    }
    kubelet = new KubeletFixture(cluster.client(), workDir.resolve("kubelet")).start();
    if (withOperator) {
      operator = startOperator(cluster.client());
    }
    return this;
  }

  public PostgresDatabase database() {
    return database;
  }

  public MockCluster cluster() {
    return cluster;
  }

  public KubernetesClient client() {
    return cluster.client();
  }

  public KubeletFixture kubelet() {
    return kubelet;
  }

  /** Stops the operator and starts a new instance with its own client, as after a crash. */
  public void restartOperator() {
    operator.stop();
    operator = startOperator(cluster.newClient());
  }

  /** The operator's HTTP endpoints (health, metrics) listen on this port, chosen free at start. */
  public int httpPort() {
    return operator.httpPort();
  }

  /**
   * Leader election on, as in production: the first replica takes the free Lease at once, and a
   * restarted one takes over the Lease its predecessor released when it stopped.
   */
  private DbMigrateOperator startOperator(KubernetesClient client) {
    restarts++;
    return DbMigrateOperator.create(
            client, settings, Set.of(), leaderElection("replica-" + restarts), 0)
        .start();
  }

  /** Short timings, so that a takeover in a test takes about a second. */
  public static LeaderElectionSettings leaderElection(String identity) {
    return LeaderElectionSettings.enabled(OPERATOR_NAMESPACE, identity)
        .withTimings(Duration.ofSeconds(2), Duration.ofMillis(1500), Duration.ofMillis(500));
  }

  // --- more replicas

  /**
   * Starts a replica in this JVM, with a client of its own whose User-Agent carries {@code
   * identity} ({@link #jobCreations}); stopped at the end if the test did not.
   */
  public DbMigrateOperator startReplica(String identity) {
    DbMigrateOperator replica =
        DbMigrateOperator.create(
            cluster.newClient(OperatorProcess.AGENT_PREFIX + identity),
            settings,
            Set.of(),
            leaderElection(identity),
            0);
    replicas.add(replica);
    return replica.start();
  }

  /** A replica in a JVM of its own, to be killed; its log is printed at the end. */
  public OperatorProcess startOperatorProcess(String identity) {
    OperatorProcess process =
        OperatorProcess.start(cluster, identity, workDir.resolve(identity + ".log"));
    processes.put(identity, process);
    return process;
  }

  /** How many Jobs the replica {@code identity} asked the API server to create. */
  public long jobCreations(String identity) {
    return cluster.requests().stream()
        .filter(r -> (OperatorProcess.AGENT_PREFIX + identity).equals(r.userAgent()))
        .filter(r -> r.attributes().toString().equals("create batch jobs"))
        .count();
  }

  public Lease lease() {
    return client()
        .leases()
        .inNamespace(OPERATOR_NAMESPACE)
        .withName(LeaderElectionSettings.LEASE_NAME)
        .get();
  }

  /** Who holds the Lease; null while nobody took it. */
  public String leaseHolder() {
    Lease lease = lease();
    return lease == null ? null : lease.getSpec().getHolderIdentity();
  }

  // --- inputs

  /**
   * The usual inputs: the Secret shop-db with the database's URL, the ConfigMap shop-migrations
   * with {@code files}, and the DatabaseMigration shop that uses both.
   */
  public void createShop(Map<String, String> files) {
    createShop(files, shop -> {});
  }

  /** As above, with the resource's spec adjusted before it is created. */
  public void createShop(Map<String, String> files, Consumer<DatabaseMigration> spec) {
    KubernetesClient client = client();
    client
        .resource(TestResources.secret(namespace, "shop-db", Map.of("url", database.jdbcUrl())))
        .create();
    client.resource(TestResources.migrations(namespace, "shop-migrations", files)).create();
    DatabaseMigration shop =
        TestResources.migration(namespace, "shop", "shop-db", "shop-migrations");
    spec.accept(shop);
    client.resource(shop).create();
  }

  // --- lookups in the namespace

  /** The DatabaseMigration {@code name}, or null. */
  public DatabaseMigration get(String name) {
    return client().resources(DatabaseMigration.class).inNamespace(namespace).withName(name).get();
  }

  public List<Job> jobs() {
    return client().batch().v1().jobs().inNamespace(namespace).list().getItems();
  }

  public List<Event> events() {
    return client().v1().events().inNamespace(namespace).list().getItems();
  }

  /** The Events about the object {@code name}. */
  public List<Event> events(String name) {
    return events().stream().filter(e -> name.equals(e.getInvolvedObject().getName())).toList();
  }

  /**
   * The first Event of {@code reason} about resource {@code name}, once there is one: an Event is
   * recorded in the same reconcile as the status, not necessarily before it.
   */
  public Event awaitEvent(String name, String reason) {
    return Waits.await("a " + reason + " Event for " + name)
        .until(
            () -> events(name).stream().filter(e -> reason.equals(e.getReason())).findFirst(),
            Optional::isPresent)
        .orElseThrow();
  }

  /** A resource's status as JSON, for failure messages. */
  public String describe(DatabaseMigration dm) {
    return dm == null ? "nothing" : client().getKubernetesSerialization().asJson(dm.getStatus());
  }

  // --- waits

  /** Waits until {@code name} has a status that is {@code done}; fails with the last status. */
  public DatabaseMigration await(String name, String what, Predicate<DatabaseMigration> done) {
    return await(name, what, Waits.TIMEOUT, done);
  }

  /** {@link #await(String, String, Predicate)}, failing after {@code within}. */
  public DatabaseMigration await(
      String name, String what, Duration within, Predicate<DatabaseMigration> done) {
    AtomicReference<DatabaseMigration> reached = new AtomicReference<>();
    Waits.await(name + " " + what)
        .atMost(within)
        .untilAsserted(
            () -> {
              DatabaseMigration dm = get(name);
              assertThat(dm != null && dm.getStatus() != null && done.test(dm))
                  .as(() -> name + " " + what + "; last seen: " + describe(dm))
                  .isTrue();
              reached.set(dm);
            });
    return reached.get();
  }

  public DatabaseMigration awaitPhase(String name, Phase phase) {
    return await(name, "in phase " + phase, dm -> dm.getStatus().getPhase() == phase);
  }

  /** Ready, with {@code version} applied. */
  public DatabaseMigration awaitReadyAt(String name, String version) {
    return await(
        name,
        "Ready at version " + version,
        dm ->
            dm.getStatus().getPhase() == Phase.Ready
                && version.equals(dm.getStatus().getCurrentVersion()));
  }

  /** The Ready condition has {@code reason}. */
  public DatabaseMigration awaitReason(String name, String reason) {
    return await(
        name,
        "with reason " + reason,
        dm -> condition(dm, "Ready").map(c -> reason.equals(c.getReason())).orElse(false));
  }

  // --- conditions

  public static Optional<Condition> condition(DatabaseMigration dm, String type) {
    return dm.getStatus() == null || dm.getStatus().getConditions() == null
        ? Optional.empty()
        : dm.getStatus().getConditions().stream().filter(c -> type.equals(c.getType())).findFirst();
  }

  /** The message of the Ready condition, "" without one. */
  public static String readyMessage(DatabaseMigration dm) {
    return condition(dm, "Ready").map(Condition::getMessage).orElse("");
  }

  /** The condition {@code type} is there, with this status. */
  public static Condition assertCondition(DatabaseMigration dm, String type, String status) {
    Condition condition =
        condition(dm, type).orElseThrow(() -> new AssertionError("no condition " + type));
    assertThat(condition.getStatus()).as(type + " status").isEqualTo(status);
    return condition;
  }

  /** The condition {@code type} is there, with this status and reason. */
  public static Condition assertCondition(
      DatabaseMigration dm, String type, String status, String reason) {
    Condition condition = assertCondition(dm, type, status);
    assertThat(condition.getReason()).as(type + " reason").isEqualTo(reason);
    assertThat(condition.getLastTransitionTime()).as(type + " lastTransitionTime").isNotBlank();
    return condition;
  }

  @Override
  public void close() {
    replicas.forEach(DbMigrateOperator::stop);
    processes.forEach(OperatorEnvironment::closePrintingLog);
    if (operator != null) {
      operator.stop();
    }
    kubelet.close();
    cluster.close();
    database.close();
    deleteWorkDir();
  }

  private static void closePrintingLog(String identity, OperatorProcess process) {
    process.close();
    System.out.println(
        "---- log of the operator JVM " + identity + " ----\n" + process.output() + "----");
  }

  private void deleteWorkDir() {
    try (Stream<Path> paths = Files.walk(workDir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
