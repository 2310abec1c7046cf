package io.dbmigrate.bench;

import io.dbmigrate.cli.DbMigrate;
import io.dbmigrate.testing.MariaDbDatabase;
import io.dbmigrate.testing.PostgresDatabase;
import io.dbmigrate.testing.TestDatabase;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.flywaydb.core.Flyway;

/**
 * Times {@code dbmigrate migrate} (the CLI command the Job runs, in-process, writing its result
 * file) against bare Flyway {@code migrate()} on the local PostgreSQL and MariaDB. Not a test: it
 * asserts nothing and no Maven phase runs it; see {@code bench/README.md} and {@code
 * bench/migrate.sh}.
 *
 * <p>Every iteration builds a fresh command / a fresh {@link Flyway}, as a Job would. The two sides
 * alternate iteration by iteration, so drift in the machine's load hits both alike.
 *
 * <p>System properties: {@code bench.noop.warmup} (10), {@code bench.noop.iterations} (40), {@code
 * bench.many.warmup} (2), {@code bench.many.iterations} (7), {@code bench.hundreds.warmup} (1),
 * {@code bench.hundreds.iterations} (3) for the 500-migration row, {@code bench.engines}
 * (postgresql,mariadb).
 */
public final class MigrateBenchmark {
  private static final int NOOP_MIGRATIONS = 10;
  private static final int MANY_MIGRATIONS = 50;
  private static final int HUNDREDS_OF_MIGRATIONS = 500;

  private final Path work;
  private final Path resultFile;

  /** A database server to measure on: how to make a fresh database there, and who logs in. */
  private record Engine(String name, Supplier<TestDatabase> freshDatabase, String user) {
    static Engine named(String name) {
      return switch (name) {
        case "postgresql" ->
            new Engine("PostgreSQL", () -> new PostgresDatabase().create(), PostgresDatabase.USER);
        case "mariadb" ->
            new Engine("MariaDB", () -> new MariaDbDatabase().create(), MariaDbDatabase.USER);
        default -> throw new IllegalArgumentException("bench.engines: unknown engine " + name);
      };
    }
  }

  private MigrateBenchmark(Path work) {
    this.work = work;
    this.resultFile = work.resolve("result.json");
  }

  public static void main(String[] args) throws Exception {
    int noopWarmup = Integer.getInteger("bench.noop.warmup", 10);
    int noopIterations = Integer.getInteger("bench.noop.iterations", 40);
    int manyWarmup = Integer.getInteger("bench.many.warmup", 2);
    int manyIterations = Integer.getInteger("bench.many.iterations", 7);
    int hundredsWarmup = Integer.getInteger("bench.hundreds.warmup", 1);
    int hundredsIterations = Integer.getInteger("bench.hundreds.iterations", 3);

    Path work = Files.createTempDirectory("dbmigrate-bench-");
    try {
      MigrateBenchmark bench = new MigrateBenchmark(work);
      List<Row> rows = new ArrayList<>();
      List<String> versions = new ArrayList<>();
      Path noop = bench.writeMigrations("noop", NOOP_MIGRATIONS);
      Path many = bench.writeMigrations("many", MANY_MIGRATIONS);
      Path hundreds = bench.writeMigrations("hundreds", HUNDREDS_OF_MIGRATIONS);
      for (String name : System.getProperty("bench.engines", "postgresql,mariadb").split(",")) {
        Engine engine = Engine.named(name.strip());
        rows.add(bench.noop(engine, noop, noopWarmup, noopIterations));
        rows.add(bench.many(engine, many, MANY_MIGRATIONS, manyWarmup, manyIterations));
        rows.add(
            bench.many(
                engine, hundreds, HUNDREDS_OF_MIGRATIONS, hundredsWarmup, hundredsIterations));
        versions.add(serverVersion(engine));
      }
      print(rows, environment(versions));
    } finally {
      deleteTree(work);
    }
  }

  // ---- scenarios -------------------------------------------------------------------------

  /** A database already at the latest of 10 migrations: the cost of a run with nothing to do. */
  private Row noop(Engine engine, Path migrations, int warmup, int iterations) {
    String user = engine.user();
    try (TestDatabase db = engine.freshDatabase().get()) {
      bareFlyway(db.jdbcUrl(), user, migrations); // brings it to the latest version, untimed
      Samples ours = new Samples();
      Samples bare = new Samples();
      for (int i = 0; i < warmup + iterations; i++) {
        boolean measured = i >= warmup;
        // Alternate which side goes first, so neither always runs right after the other.
        if (i % 2 == 0) {
          ours.add(measured, time(() -> dbmigrate(db.jdbcUrl(), user, migrations)));
          bare.add(measured, time(() -> bareFlyway(db.jdbcUrl(), user, migrations)));
        } else {
          bare.add(measured, time(() -> bareFlyway(db.jdbcUrl(), user, migrations)));
          ours.add(measured, time(() -> dbmigrate(db.jdbcUrl(), user, migrations)));
        }
      }
      return new Row(engine.name() + ": no-op (" + NOOP_MIGRATIONS + " applied)", ours, bare);
    }
  }

  /** Small migrations onto a fresh, empty database; the database is made outside the timing. */
  private Row many(Engine engine, Path migrations, int count, int warmup, int iterations) {
    String user = engine.user();
    Samples ours = new Samples();
    Samples bare = new Samples();
    for (int i = 0; i < warmup + iterations; i++) {
      boolean measured = i >= warmup;
      if (i % 2 == 0) {
        ours.add(measured, onFreshDatabase(engine, url -> dbmigrate(url, user, migrations)));
        bare.add(measured, onFreshDatabase(engine, url -> bareFlyway(url, user, migrations)));
      } else {
        bare.add(measured, onFreshDatabase(engine, url -> bareFlyway(url, user, migrations)));
        ours.add(measured, onFreshDatabase(engine, url -> dbmigrate(url, user, migrations)));
      }
    }
    return new Row(engine.name() + ": " + count + " small migrations", ours, bare);
  }

  private static long onFreshDatabase(Engine engine, UrlAction action) {
    try (TestDatabase db = engine.freshDatabase().get()) {
      String url = db.jdbcUrl();
      return time(() -> action.run(url));
    }
  }

  // ---- the two sides ---------------------------------------------------------------------

  /**
   * The Job's entry point, in-process: environment as the Job gets it, the command line built for
   * its first argument as {@code Main} builds it, a result file written.
   */
  private void dbmigrate(String url, String user, Path migrations) {
    PrintWriter quiet = new PrintWriter(Writer.nullWriter());
    int exit =
        DbMigrate.commandLine(Map.of("DBMIGRATE_USERNAME", user), "migrate")
            .setOut(quiet)
            .setErr(quiet)
            .execute(
                "migrate",
                "--url",
                url,
                "--migrations",
                migrations.toString(),
                "--result-file",
                resultFile.toString());
    if (exit != 0) {
      // Timing a failed run would be meaningless; stop with what the result file says.
      throw new IllegalStateException(
          "dbmigrate migrate exited " + exit + ": " + readQuietly(resultFile));
    }
  }

  private static void bareFlyway(String url, String user, Path migrations) {
    Flyway.configure()
        .dataSource(url, user, null)
        .locations("filesystem:" + migrations)
        .load()
        .migrate();
  }

  // ---- inputs ----------------------------------------------------------------------------

  private Path writeMigrations(String name, int count) throws IOException {
    Path dir = Files.createDirectory(work.resolve(name));
    for (int i = 1; i <= count; i++) {
      Files.writeString(
          dir.resolve("V" + i + "__table_" + i + ".sql"),
          "CREATE TABLE t_"
              + i
              + " (id bigint primary key, v text);\n"
              + "INSERT INTO t_"
              + i
              + " (id, v) VALUES (1, 'row "
              + i
              + "');\n");
    }
    return dir;
  }

  // ---- reporting -------------------------------------------------------------------------

  /** {@code PostgreSQL 15.19}, {@code MariaDB 10.11.19-MariaDB-0+deb12u1}. */
  private static String serverVersion(Engine engine) {
    try (TestDatabase db = engine.freshDatabase().get();
        Connection connection = db.connect();
        Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery("SELECT version()")) {
      rows.next();
      String version = rows.getString(1);
      return version.startsWith("PostgreSQL")
          ? version.split(" ")[0] + " " + version.split(" ")[1]
          : engine.name() + " " + version;
    } catch (SQLException e) {
      return engine.name() + " unknown (" + e.getMessage() + ")";
    }
  }

  private static String environment(List<String> servers) {
    return String.format(
        "JVM %s %s (%s), %d CPUs; Flyway %s; %s",
        System.getProperty("java.vm.name"),
        Runtime.version(),
        System.getProperty("java.vm.vendor"),
        Runtime.getRuntime().availableProcessors(),
        flywayVersion(),
        String.join("; ", servers));
  }

  private static String flywayVersion() {
    try (InputStream in =
        Flyway.class.getResourceAsStream(
            "/META-INF/maven/org.flywaydb/flyway-core/pom.properties")) {
      if (in != null) {
        Properties properties = new Properties();
        properties.load(in);
        return properties.getProperty("version", "unknown");
      }
    } catch (IOException e) {
      // fall through
    }
    String version = Flyway.class.getPackage().getImplementationVersion();
    return version == null ? "unknown" : version;
  }

  private static void print(List<Row> rows, String versions) {
    String format = "%-36s %16s %7s %18s %7s %7s%n";
    System.out.printf(
        format, "scenario", "dbmigrate median", "p90", "bare Flyway median", "p90", "ratio");
    for (Row row : rows) {
      System.out.printf(
          format,
          row.name(),
          ms(row.ours().median()),
          ms(row.ours().p90()),
          ms(row.bare().median()),
          ms(row.bare().p90()),
          String.format("%.2f", (double) row.ours().median() / row.bare().median()));
    }
    for (Row row : rows) {
      System.out.printf(
          "  %s: %d measured runs per side (after %d warm-up)%n",
          row.name(), row.ours().measured.size(), row.ours().warmup);
    }
    System.out.println(
        "times in ms, wall clock per run; ratio = dbmigrate median / bare Flyway median");
    System.out.println(versions);
  }

  private static String ms(long nanos) {
    return String.format("%.1f", nanos / 1e6);
  }

  // ---- plumbing --------------------------------------------------------------------------

  private static long time(Runnable action) {
    long start = System.nanoTime();
    action.run();
    return System.nanoTime() - start;
  }

  private static String readQuietly(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      return "(no result file: " + e.getMessage() + ")";
    }
  }

  private static void deleteTree(Path root) {
    try (Stream<Path> walk = Files.walk(root)) {
      walk.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
    } catch (IOException | UncheckedIOException e) {
      // a leftover temporary directory is harmless
    }
  }

  @FunctionalInterface
  private interface UrlAction {
    void run(String url);
  }

  private record Row(String name, Samples ours, Samples bare) {}

  /** Wall-clock durations in nanoseconds; warm-up runs are counted, not kept. */
  private static final class Samples {
    private final List<Long> measured = new ArrayList<>();
    private int warmup;

    void add(boolean isMeasured, long nanos) {
      if (isMeasured) {
        measured.add(nanos);
      } else {
        warmup++;
      }
    }

    long median() {
      long[] sorted = sorted();
      int n = sorted.length;
      return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    /** Nearest-rank 90th percentile. */
    long p90() {
      long[] sorted = sorted();
      int rank = (int) Math.ceil(0.9 * sorted.length);
      return sorted[Math.max(0, rank - 1)];
    }

    private long[] sorted() {
      long[] values = measured.stream().mapToLong(Long::longValue).toArray();
      Arrays.sort(values);
      return values;
    }
  }
}
