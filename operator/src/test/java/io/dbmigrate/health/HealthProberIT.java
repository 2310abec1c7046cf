package io.dbmigrate.health;

import static org.assertj.core.api.Assertions.assertThat;

import io.dbmigrate.config.FlywaySettings;
import io.dbmigrate.db.ConnectionPools;
import io.dbmigrate.db.ConnectionSettings;
import io.dbmigrate.runner.MigrationRunner;
import io.dbmigrate.testing.CapturedLogs;
import io.dbmigrate.testing.PostgresDatabase;
import io.dbmigrate.testing.Waits;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The prober against the real PostgreSQL: latency, failures, recovery, pools and their bounds. */
class HealthProberIT {
  private static final HealthTiming FAST =
      new HealthTiming(Duration.ofMillis(200), Duration.ofSeconds(1), Duration.ofSeconds(3));
  private static final String PASSWORD = "pw-" + UUID.randomUUID();
  private static final SortedMap<String, String> V1 =
      new TreeMap<>(Map.of("V1__customers.sql", "CREATE TABLE customers (id bigint);"));

  @RegisterExtension final PostgresDatabase database = new PostgresDatabase();
  @TempDir Path tmp;

  private final CapturedLogs logs = CapturedLogs.start();
  private final ConnectionPools pools = new ConnectionPools();
  private final Set<ResourceKey> notified = ConcurrentHashMap.newKeySet();
  private final HealthProber prober =
      new HealthProber(
          pools,
          new HealthMetrics(new SimpleMeterRegistry()),
          notified::add,
          Clock.systemUTC(),
          2,
          Duration.ofMinutes(5));

  @AfterEach
  void stop() {
    prober.close();
    pools.close();
    logs.close();
    assertThat(logs.text()).doesNotContain(PASSWORD);
  }

  @Test
  void healthyDatabaseReportsLatencyAndAppliedMigrations() throws Exception {
    ConnectionSettings settings = settings(database.jdbcUrl());
    migrate(settings, V1);
    ResourceKey key = new ResourceKey("shop", "shop");
    prober.register(target(key, settings, List.of(V1), "r1"));

    HealthReport report = awaitReport(key, HealthReport::healthy, "healthy");
    assertThat(report.database().latencyMs()).isPositive().isLessThan(1000);
    assertThat(report.migrations())
        .usingRecursiveComparison()
        .ignoringFields("counts")
        .isEqualTo(new MigrationsCheck(true, 0, "0 pending, no drift"));
    assertThat(report.migrations().counts().applied()).isEqualTo(1);
    assertThat(report.migrations().counts().failed()).isZero();
    assertThat(notified).contains(key);
    assertThat(new HealthJson().toJson(report))
        .startsWith("{\"status\":\"healthy\",\"timestamp\":\"")
        .contains("\"checks\":{\"database\":{\"status\":\"healthy\",\"latencyMs\":")
        .contains(
            "\"migrations\":{\"status\":\"healthy\",\"pending\":0,\"message\":\"0 pending, no drift\"}");
  }

  @Test
  void pendingMigrationIsUnhealthyUntilApplied() throws Exception {
    ConnectionSettings settings = settings(database.jdbcUrl());
    migrate(settings, V1);
    SortedMap<String, String> twoFiles = new TreeMap<>(V1);
    twoFiles.put("V2__orders.sql", "CREATE TABLE orders (id bigint);");
    ResourceKey key = new ResourceKey("shop", "shop");
    prober.register(target(key, settings, List.of(twoFiles), "before"));

    HealthReport pending = awaitReport(key, r -> r.migrations() != null, "a migrations check");
    assertThat(pending.healthy()).isFalse();
    assertThat(pending.database().healthy()).isTrue();
    assertThat(pending.migrations())
        .usingRecursiveComparison()
        .ignoringFields("counts")
        .isEqualTo(new MigrationsCheck(false, 1, "1 pending, no drift"));

    migrate(settings, twoFiles);
    // A new revision (the run finished) makes the next probe inspect again, not in 5 minutes.
    prober.register(target(key, settings, List.of(twoFiles), "after"));
    awaitReport(key, HealthReport::healthy, "healthy after the run");

    // An applied file that changed is drift.
    SortedMap<String, String> edited = new TreeMap<>(twoFiles);
    edited.put("V2__orders.sql", "CREATE TABLE orders (id bigint, total numeric);");
    prober.register(target(key, settings, List.of(edited), "edited"));
    HealthReport drift = awaitReport(key, r -> !r.healthy(), "drift");
    assertThat(drift.migrations().message())
        .contains("V2__orders.sql", "changed after it was applied");
  }

  @Test
  void wrongPortAndWrongHostAreUnhealthyWithinTheTimeoutNamingHostAndPort() {
    ResourceKey port = new ResourceKey("shop", "wrong-port");
    ResourceKey host = new ResourceKey("shop", "wrong-host");
    prober.register(target(port, settings("jdbc:postgresql://127.0.0.1:1/shop"), List.of(), "r"));
    prober.register(
        target(host, settings("jdbc:postgresql://no-such-host.invalid:5432/shop"), List.of(), "r"));

    HealthReport refused = awaitReport(port, r -> true, "a report");
    HealthReport unknown = awaitReport(host, r -> true, "a report");
    assertThat(refused.healthy()).isFalse();
    assertThat(refused.database().error()).contains("127.0.0.1:1/shop").doesNotContain(PASSWORD);
    assertThat(unknown.healthy()).isFalse();
    assertThat(unknown.database().error())
        .contains("no-such-host.invalid:5432/shop")
        .doesNotContain(PASSWORD);
    // Within the timeout (1 s), plus scheduling slack.
    assertThat(refused.database().latencyMs()).isLessThan(3_000);
    assertThat(unknown.database().latencyMs()).isLessThan(3_000);
  }

  @Test
  void databaseThatGoesAwayAndComesBackRecoversWithoutARestart() {
    ResourceKey key = new ResourceKey("shop", "shop");
    prober.register(target(key, settings(database.jdbcUrl()), List.of(), "r"));
    awaitReport(key, HealthReport::healthy, "healthy");

    String away = database.name() + "_away";
    renameDatabase(database.name(), away);
    try {
      HealthReport gone =
          awaitReport(key, r -> !r.healthy(), "unhealthy while the database is away");
      assertThat(gone.database().error()).contains(database.name()).doesNotContain(PASSWORD);
    } finally {
      renameDatabase(away, database.name());
    }
    awaitReport(key, HealthReport::healthy, "healthy again");
  }

  @Test
  void changedSecretClosesTheOldPool() {
    ResourceKey key = new ResourceKey("shop", "shop");
    prober.register(target(key, settings(database.jdbcUrl()), List.of(), "r"));
    awaitReport(key, HealthReport::healthy, "healthy");
    Set<String> before =
        Waits.await("pooled sessions").until(this::probeSessions, s -> !s.isEmpty());

    // A rotated password: the same database, other settings (trust auth ignores the password).
    prober.register(
        target(
            key,
            ConnectionSettings.resolve(database.jdbcUrl(), database.username(), PASSWORD + "-2"),
            List.of(),
            "r"));
    Set<String> after =
        Waits.await("only sessions of the new pool")
            .until(
                this::probeSessions, s -> !s.isEmpty() && s.stream().noneMatch(before::contains));
    assertThat(after).doesNotContainAnyElementsOf(before);
    assertThat(pools.openPools()).isEqualTo(1);

    prober.unregister(key);
    Waits.await("no sessions after unregistering").until(this::probeSessions, Set::isEmpty);
    assertThat(pools.openPools()).isZero();
  }

  @Test
  void hundredResourcesOnOneDatabaseShareOneBoundedPool() {
    ConnectionSettings settings = settings(database.jdbcUrl());
    List<ResourceKey> keys = new java.util.ArrayList<>();
    for (int i = 0; i < 100; i++) {
      ResourceKey key = new ResourceKey("shop", "app-" + i);
      keys.add(key);
      prober.register(target(key, settings, List.of(), "r"));
    }
    Set<String> sessions = new HashSet<>();
    Waits.await("all 100 healthy")
        .until(
            () -> {
              sessions.addAll(probeSessions());
              return keys.stream()
                  .allMatch(k -> prober.latest(k).map(HealthReport::healthy).orElse(false));
            });
    sessions.addAll(probeSessions());
    assertThat(pools.openPools()).isEqualTo(1);
    assertThat(sessions)
        .as("backend pids ever seen for the probes")
        .isNotEmpty()
        .hasSizeLessThanOrEqualTo(ConnectionPools.DEFAULT_MAX_SIZE);
  }

  // ---- helpers ---------------------------------------------------------------------------

  private ProbeTarget target(
      ResourceKey key,
      ConnectionSettings settings,
      List<SortedMap<String, String>> sources,
      String revision) {
    return new ProbeTarget(
        key, settings, FAST, sources, "latest", revision, FlywaySettings.NONE, null);
  }

  private ConnectionSettings settings(String url) {
    return ConnectionSettings.resolve(url, database.username(), PASSWORD);
  }

  private HealthReport awaitReport(
      ResourceKey key, java.util.function.Predicate<HealthReport> done, String what) {
    return Waits.await(key + " " + what)
        .until(() -> prober.latest(key).orElse(null), r -> r != null && done.test(r));
  }

  private void migrate(ConnectionSettings settings, SortedMap<String, String> files)
      throws Exception {
    Path dir = Files.createTempDirectory(tmp, "migrations");
    for (var file : files.entrySet()) {
      Files.writeString(dir.resolve(file.getKey()), file.getValue());
    }
    assertThat(new MigrationRunner().migrate(settings, List.of(dir), "latest").succeeded())
        .isTrue();
  }

  /** Backend pids of the prober's sessions on the test database. */
  private Set<String> probeSessions() {
    return new HashSet<>(
        PostgresDatabase.adminColumn(
            "SELECT pid FROM pg_stat_activity WHERE datname = '"
                + database.name()
                + "' AND application_name = 'dbmigrate-health'"));
  }

  /**
   * The pools reconnect on their own: keep terminating their sessions until the rename goes
   * through.
   */
  private void renameDatabase(String from, String to) {
    Waits.await("rename " + from + " to " + to)
        .until(
            () -> {
              try {
                PostgresDatabase.adminExecute(
                    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '"
                        + from
                        + "'");
                PostgresDatabase.adminExecute("ALTER DATABASE " + from + " RENAME TO " + to);
                return true;
              } catch (IllegalStateException e) {
                return false;
              }
            });
  }
}
