package io.dbmigrate.bench;

import io.dbmigrate.api.DatabaseMigration;
import io.dbmigrate.api.FlywaySpec;
import io.dbmigrate.api.HealthSpec;
import io.dbmigrate.testing.ApiRequest;
import io.dbmigrate.testing.KubeletFixture;
import io.dbmigrate.testing.MockCluster;
import io.dbmigrate.testing.PostgresDatabase;
import io.dbmigrate.testing.TestResources;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The operator at scale: N DatabaseMigrations in 10 namespaces over a few PostgreSQL databases, the
 * operator in its own JVM with the image's flags, the mock API server and the kubelet fixture
 * (running each Job's real runner) in this one. Each resource has its own schema, and so its own
 * history table, so every migration really runs. See bench/README.md, "Scale".
 */
public final class ScaleBenchmark {
  private static final int NAMESPACES = 10;
  private static final String LEASE_NAMESPACE = "dbmigrate-system";
  private static final String MIGRATION =
      "CREATE TABLE item (id bigint PRIMARY KEY, name text);\n"
          + "INSERT INTO item VALUES (1, 'first');\n";

  private final int resources = Integer.getInteger("bench.resources", 1000);
  private final int databaseCount = Integer.getInteger("bench.databases", 4);
  private final String healthInterval = System.getProperty("bench.healthInterval", "15s");
  private final Duration reportInterval =
      Duration.ofSeconds(Integer.getInteger("bench.reportIntervalSeconds", 60));
  private final Duration restWindow =
      Duration.ofSeconds(
          Integer.getInteger("bench.restSeconds", (int) (reportInterval.toSeconds() * 3 / 2)));
  private final Duration settle = Duration.ofSeconds(Integer.getInteger("bench.settleSeconds", 15));
  private final Duration readyTimeout =
      Duration.ofMinutes(Integer.getInteger("bench.readyTimeoutMinutes", 60));

  /** The image's flags (bench/scale.sh), then any extra ones, e.g. native memory tracking. */
  private final List<String> operatorFlags =
      Arrays.stream(
              (System.getProperty("bench.operator.jvm", "-XX:MaxRAM=512m")
                      + " "
                      + System.getProperty("bench.operator.extraJvm", ""))
                  .trim()
                  .split("\\s+"))
          .toList();

  private final Path operatorJava =
      Path.of(
          System.getProperty(
              "bench.operator.java",
              Path.of(System.getProperty("java.home"), "bin", "java").toString()));
  private final Map<String, String> operatorEnvironment =
      Arrays.stream(System.getProperty("bench.operator.env", "").trim().split("\\s+"))
          .filter(pair -> pair.contains("="))
          .collect(
              Collectors.toMap(
                  pair -> pair.substring(0, pair.indexOf('=')),
                  pair -> pair.substring(pair.indexOf('=') + 1)));
  private final String operatorClasspath =
      System.getProperty("bench.operator.classpath", System.getProperty("java.class.path"));

  /** Held, so the level stays: the mock server logs every request it answers at INFO. */
  private static final java.util.logging.Logger MOCK_SERVER_LOG =
      java.util.logging.Logger.getLogger("io.fabric8.mockwebserver");

  public static void main(String[] args) throws Exception {
    MOCK_SERVER_LOG.setLevel(java.util.logging.Level.WARNING);
    new ScaleBenchmark().run();
    System.exit(0);
  }

  private void run() throws Exception {
    Path workDir = Files.createTempDirectory("dbmigrate-scale");
    List<PostgresDatabase> databases = new ArrayList<>();
    for (int i = 0; i < databaseCount; i++) {
      databases.add(new PostgresDatabase().create());
    }
    try (MockCluster cluster = MockCluster.start();
        KubeletFixture kubelet =
            new KubeletFixture(cluster.client(), workDir.resolve("kubelet")).start()) {
      measure(cluster, databases, workDir);
    } finally {
      databases.forEach(PostgresDatabase::close);
      deleteTree(workDir.resolve("kubelet")); // the pods' files; the operator's log stays
    }
  }

  private static void deleteTree(Path dir) throws java.io.IOException {
    if (Files.exists(dir)) {
      try (var paths = Files.walk(dir)) {
        paths.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
      }
    }
  }

  private void measure(MockCluster cluster, List<PostgresDatabase> databases, Path workDir)
      throws Exception {
    KubernetesClient client = cluster.client();
    cluster.createNamespace(LEASE_NAMESPACE);
    for (int n = 0; n < NAMESPACES; n++) {
      cluster.createNamespace(namespace(n));
    }
    try (OperatorJvm operator =
        OperatorJvm.start(
            cluster,
            operatorJava,
            operatorFlags,
            operatorEnvironment,
            operatorClasspath,
            LEASE_NAMESPACE,
            workDir)) {
      log(
          "operator JVM pid "
              + operator.pid()
              + ", "
              + operatorJava
              + ", flags "
              + operatorFlags
              + ", environment "
              + operatorEnvironment
              + ", log "
              + operator.log());
      operator.awaitReady(Duration.ofMinutes(2));
      Thread.sleep(settle.toMillis());
      long idleHeap = operator.heapAfterFullGcBytes();
      log(
          "idle operator: heap after full GC "
              + mib(idleHeap)
              + " MiB, collector "
              + operator.collector());

      createInputs(client, databases);
      long createdAt;
      try (StatusWatch watch = new StatusWatch(client, resources)) {
        createdAt = System.nanoTime();
        for (int i = 0; i < resources; i++) {
          client.resource(resource(i)).create();
        }
        log(
            "created "
                + resources
                + " resources in "
                + seconds(System.nanoTime() - createdAt)
                + " s");
        if (!watch.awaitAllReady(readyTimeout)) {
          throw new IllegalStateException(
              watch.readyCount() + " of " + resources + " Ready after " + readyTimeout);
        }
        double readySeconds = seconds(watch.allReadyAtNanos() - createdAt);
        log("all Ready in " + readySeconds + " s; settling " + settle.toSeconds() + " s");
        Thread.sleep(settle.toMillis());

        int requestsBefore = cluster.requests().size();
        long from = System.currentTimeMillis() / 1000 + 1;
        long cpuBefore = operator.cpuMillis();
        long restStarted = System.nanoTime();
        Thread.sleep((from + restWindow.toSeconds()) * 1000 - System.currentTimeMillis() + 500);
        log(
            String.format(
                "operator CPU at rest: %.0f millicores",
                (operator.cpuMillis() - cpuBefore) * 1e9 / (System.nanoTime() - restStarted)));
        Map<Long, Integer> writes = watch.modifiedBetween(from, from + restWindow.toSeconds());
        List<ApiRequest> requests = cluster.requests(); // a copy: one, or its size moves on
        List<ApiRequest> atRest = requests.subList(requestsBefore, requests.size());

        int total = writes.values().stream().mapToInt(Integer::intValue).sum();
        double perMinute = total * 60.0 / restWindow.toSeconds();
        int peak = writes.values().stream().mapToInt(Integer::intValue).max().orElse(0);
        log(
            "rest window "
                + restWindow.toSeconds()
                + " s (report interval "
                + reportInterval.toSeconds()
                + " s): "
                + total
                + " status writes, peak "
                + peak
                + "/s, mean "
                + String.format("%.2f", total / (double) restWindow.toSeconds())
                + "/s; per 10 s: "
                + perTenSeconds(writes));
        log("API requests at rest, per minute, by verb and resource: " + perMinute(atRest));

        Map<String, Integer> connections = connections(databases);
        int maxConnections = Collections.max(connections.values());
        log("connections per database at rest: " + connections);

        String metrics = operator.metrics();
        int seriesPerResource = seriesPerResource(metrics);
        log(
            "/metrics: "
                + metrics.lines().filter(l -> !l.startsWith("#")).count()
                + " series, "
                + metrics.length() / 1024
                + " KiB");

        List<Job> jobs = client.batch().v1().jobs().inAnyNamespace().list().getItems();
        String jobProblems = jobProblems(jobs);
        if (!jobProblems.isEmpty()) {
          log("not exactly one Job: " + jobProblems);
        }

        // Resident memory at rest, as a container limit sees it: before the forced collection,
        // which may give heap back to the system.
        long rss = operator.residentBytes();
        if (operatorFlags.stream().anyMatch(flag -> flag.startsWith("-XX:NativeMemoryTracking"))) {
          log(
              "native memory at rest:\n"
                  + operator.jcmd("VM.native_memory", "summary", "scale=MB"));
        }
        long heap = operator.heapAfterFullGcBytes();
        log(
            "resident "
                + mib(rss)
                + " MiB at rest, "
                + mib(operator.residentBytes())
                + " MiB after the full collection");
        long threads = operator.threads();
        List<String> warnings = operator.warnings();
        log(
            "operator log: "
                + warnings.size()
                + " WARN/ERROR lines"
                + warnings.stream().limit(5).map(w -> "\n  " + w).collect(Collectors.joining()));
        log("heap after full GC " + mib(heap) + " MiB (idle " + mib(idleHeap) + " MiB)");
        System.out.printf(
            "scale: %d resources, ready in %.1f s, heap delta %d MiB, rss %d MiB, threads %d,"
                + " connections per database %d, status writes/min %.0f, peak writes/s %d,"
                + " metrics series per resource %d, jobs %d%n",
            resources,
            readySeconds,
            mib(heap - idleHeap),
            mib(rss),
            threads,
            maxConnections,
            perMinute,
            peak,
            seriesPerResource,
            jobs.size());
      }
    }
  }

  private static String namespace(int n) {
    return String.format("team-%02d", n);
  }

  private static String name(int i) {
    return String.format("app-%05d", i);
  }

  /** Per namespace: one Secret per database and one ConfigMap with the migration, all watched. */
  private void createInputs(KubernetesClient client, List<PostgresDatabase> databases) {
    for (int n = 0; n < NAMESPACES; n++) {
      for (int d = 0; d < databases.size(); d++) {
        client
            .resource(
                TestResources.secret(
                    namespace(n), "db-" + d, Map.of("url", databases.get(d).jdbcUrl())))
            .create();
      }
      client
          .resource(
              TestResources.migrations(
                  namespace(n), "migrations", Map.of("V1__item.sql", MIGRATION)))
          .create();
    }
  }

  /** Resource i: namespace i mod 10, database i mod D, its own schema (its own history table). */
  private DatabaseMigration resource(int i) {
    DatabaseMigration resource =
        TestResources.migration(
            namespace(i % NAMESPACES), name(i), "db-" + (i % databaseCount), "migrations");
    FlywaySpec flyway = new FlywaySpec();
    flyway.setSchemas(List.of(name(i).replace('-', '_')));
    resource.getSpec().setFlyway(flyway);
    resource
        .getSpec()
        .setHealth(new HealthSpec(healthInterval, null, reportInterval.toSeconds() + "s"));
    return resource;
  }

  /** Client backends per benchmark database; this JVM holds none at rest (no Job runs). */
  private static Map<String, Integer> connections(List<PostgresDatabase> databases) {
    Map<String, Integer> counts = new TreeMap<>();
    for (PostgresDatabase database : databases) {
      counts.put(
          database.name(),
          Integer.parseInt(
              PostgresDatabase.adminColumn(
                      "SELECT count(*) FROM pg_stat_activity WHERE datname = '"
                          + database.name()
                          + "' AND pid <> pg_backend_pid()")
                  .get(0)));
    }
    return counts;
  }

  /** The most {@code dbmigrate_} series carrying any one resource's name label. */
  private static int seriesPerResource(String metrics) {
    Map<String, Long> perResource =
        metrics
            .lines()
            .filter(line -> line.startsWith("dbmigrate_"))
            .map(line -> java.util.regex.Pattern.compile("name=\"([^\"]+)\"").matcher(line))
            .filter(java.util.regex.Matcher::find)
            .collect(Collectors.groupingBy(m -> m.group(1), Collectors.counting()));
    return perResource.values().stream().mapToInt(Long::intValue).max().orElse(0);
  }

  /** The resources that do not own exactly one Job, named; empty when all do. */
  private String jobProblems(List<Job> jobs) {
    Map<String, Long> perOwner =
        jobs.stream()
            .collect(
                Collectors.groupingBy(
                    job ->
                        job.getMetadata().getNamespace()
                            + "/"
                            + job.getMetadata().getOwnerReferences().stream()
                                .map(OwnerReference::getName)
                                .findFirst()
                                .orElse("(no owner)"),
                    Collectors.counting()));
    List<String> problems = new ArrayList<>();
    for (int i = 0; i < resources; i++) {
      String key = namespace(i % NAMESPACES) + "/" + name(i);
      long count = perOwner.getOrDefault(key, 0L);
      if (count != 1) {
        problems.add(key + " has " + count);
      }
    }
    return String.join(", ", problems);
  }

  private Map<String, Long> perMinute(List<ApiRequest> requests) {
    Function<ApiRequest, String> kind =
        request -> {
          try {
            return request.attributes().toString();
          } catch (IllegalArgumentException other) {
            return request.method() + " " + request.path();
          }
        };
    Map<String, Long> counts =
        requests.stream().collect(Collectors.groupingBy(kind, TreeMap::new, Collectors.counting()));
    counts.replaceAll((k, v) -> Math.round(v * 60.0 / restWindow.toSeconds()));
    return counts;
  }

  private static String perTenSeconds(Map<Long, Integer> writes) {
    List<Integer> buckets = new ArrayList<>();
    int i = 0;
    int sum = 0;
    for (int count : writes.values()) {
      sum += count;
      if (++i % 10 == 0) {
        buckets.add(sum);
        sum = 0;
      }
    }
    if (i % 10 != 0) {
      buckets.add(sum);
    }
    return buckets.toString();
  }

  private static long mib(long bytes) {
    return Math.round(bytes / (1024.0 * 1024.0));
  }

  private static double seconds(long nanos) {
    return Math.round(nanos / 1e8) / 10.0;
  }

  private static void log(String line) {
    System.out.println("  " + line);
  }
}
