package io.dbmigrate.bench;

import io.dbmigrate.db.ConnectionPools;
import io.dbmigrate.db.ConnectionSettings;
import io.dbmigrate.health.DatabaseCheck;
import io.dbmigrate.health.DatabaseProbe;
import io.dbmigrate.testing.MariaDbDatabase;
import io.dbmigrate.testing.PostgresDatabase;
import io.dbmigrate.testing.TestDatabase;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Arrays;
import java.util.Properties;
import javax.sql.DataSource;

/**
 * Times one health probe three ways on the local PostgreSQL and MariaDB: the operator's pooled
 * probe ({@link DatabaseProbe} on a {@link ConnectionPools} pool), raw JDBC {@code SELECT 1} on a
 * connection held open (the floor), and a new connection per probe (what the pool avoids). Not a
 * test: it asserts nothing; see {@code bench/README.md} and {@code bench/health.sh}.
 *
 * <p>Pooled and held probes run in alternating blocks, so drift in the machine's load hits both
 * alike; new connections are measured afterwards, apart, since their churn slows the server. System
 * properties: {@code bench.samples} (10000), {@code bench.warmup} (500), {@code bench.block} (50),
 * {@code bench.engines} (postgresql,mariadb).
 */
public final class ProbeBenchmark {
  private static final Duration TIMEOUT = Duration.ofSeconds(5);

  public static void main(String[] args) throws Exception {
    int samples = Integer.getInteger("bench.samples", 10000);
    int warmup = Integer.getInteger("bench.warmup", 500);
    int block = Integer.getInteger("bench.block", 50);
    for (String engine : System.getProperty("bench.engines", "postgresql,mariadb").split(",")) {
      TestDatabase db =
          switch (engine.strip()) {
            case "postgresql" -> new PostgresDatabase().create();
            case "mariadb" -> new MariaDbDatabase().create();
            default -> throw new IllegalArgumentException("bench.engines: unknown " + engine);
          };
      run(db, samples, warmup, block);
      System.out.println();
    }
  }

  private static void run(TestDatabase db, int samples, int warmup, int block) throws Exception {
    try (db;
        ConnectionPools pools = new ConnectionPools()) {
      ConnectionSettings settings = ConnectionSettings.resolve(db.jdbcUrl(), db.username(), null);
      DataSource pool = pools.acquire("bench", settings, TIMEOUT);
      DatabaseProbe probe = new DatabaseProbe();
      try (Connection held = db.connect()) {
        long[] pooled = new long[samples];
        long[] raw = new long[samples];
        long[] fresh = new long[samples];
        for (int i = 0; i < warmup; i++) {
          pooledProbe(probe, pool, settings);
          heldProbe(held);
          freshProbe(db);
        }
        // Pooled and held probes alternate in blocks, so a change of load hits both alike. New
        // connections are measured apart, afterwards: each one leaves a backend for the server
        // to reap, which would slow whatever probe runs next.
        for (int start = 0; start < samples; start += block) {
          int end = Math.min(samples, start + block);
          for (int i = start; i < end; i++) {
            pooled[i] = pooledProbe(probe, pool, settings);
          }
          for (int i = start; i < end; i++) {
            raw[i] = heldProbe(held);
          }
        }
        for (int i = 0; i < samples; i++) {
          fresh[i] = freshProbe(db);
        }
        print(samples, warmup, pooled, raw, fresh, held);
      }
    }
  }

  private static long pooledProbe(
      DatabaseProbe probe, DataSource pool, ConnectionSettings settings) {
    long start = System.nanoTime();
    DatabaseCheck check = probe.check(pool, settings, TIMEOUT);
    long nanos = System.nanoTime() - start;
    if (!check.healthy()) {
      throw new IllegalStateException("pooled probe failed: " + check.error());
    }
    return nanos;
  }

  private static long heldProbe(Connection held) throws SQLException {
    long start = System.nanoTime();
    try (Statement statement = held.createStatement()) {
      statement.execute("SELECT 1");
    }
    return System.nanoTime() - start;
  }

  private static long freshProbe(TestDatabase db) throws SQLException {
    long start = System.nanoTime();
    Properties properties = new Properties();
    properties.setProperty("user", db.username());
    try (Connection connection = DriverManager.getConnection(db.jdbcUrl(), properties);
        Statement statement = connection.createStatement()) {
      statement.execute("SELECT 1");
    }
    return System.nanoTime() - start;
  }

  private static void print(
      int samples, int warmup, long[] pooled, long[] raw, long[] fresh, Connection held)
      throws SQLException {
    String format = "%-32s %8s %10s %10s%n";
    System.out.printf(format, "probe", "samples", "p50 ms", "p99 ms");
    row(format, "pooled probe (dbmigrate)", pooled);
    row(format, "raw SELECT 1, held connection", raw);
    row(format, "new connection per probe", fresh);
    System.out.printf(
        "pooled p99 / held p99:            %.2f  (target <= 1.5)%n",
        (double) percentile(pooled, 99) / percentile(raw, 99));
    System.out.printf(
        "new-connection p50 / pooled p50:  %.1f  (target >= 10)%n",
        (double) percentile(fresh, 50) / percentile(pooled, 50));
    System.out.printf(
        "new-connection p99 / pooled p99:  %.1f  (target >= 10)%n",
        (double) percentile(fresh, 99) / percentile(pooled, 99));
    System.out.printf(
        "%d measured probes per kind after %d warm-up; pooled and held in alternating blocks, new connections apart; nearest-rank percentiles%n",
        samples, warmup);
    System.out.printf(
        "JVM %s, %s %s, driver %s %s, HikariCP pool of %d%n",
        System.getProperty("java.version"),
        held.getMetaData().getDatabaseProductName(),
        held.getMetaData().getDatabaseProductVersion(),
        held.getMetaData().getDriverName(),
        held.getMetaData().getDriverVersion(),
        ConnectionPools.DEFAULT_MAX_SIZE);
  }

  private static void row(String format, String name, long[] nanos) {
    System.out.printf(
        format, name, nanos.length, ms(percentile(nanos, 50)), ms(percentile(nanos, 99)));
  }

  private static long percentile(long[] nanos, int p) {
    long[] sorted = nanos.clone();
    Arrays.sort(sorted);
    int rank = (int) Math.ceil(p / 100.0 * sorted.length);
    return sorted[Math.max(0, rank - 1)];
  }

  private static String ms(long nanos) {
    return String.format("%.3f", nanos / 1e6);
  }
}
