package io.dbmigrate.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A PostgreSQL cluster of a test's own, on a free port of 127.0.0.1 with trust authentication, made
 * with Debian's {@code initdb} and run with {@code pg_ctl}, so that a test can stop the server and
 * start it again ({@link #stop()}, {@link #start()}); {@link #close()} stops it and deletes its
 * data directory.
 *
 * <p>initdb refuses to run as root: as root the binaries run as the {@code postgres} OS user, in a
 * directory it owns. Tests skip (with {@link #missingBinaries()} as the reason) only where the
 * binaries are not installed; {@code .ci/run} installs them.
 */
public final class DisposablePostgres implements AutoCloseable {
  public static final String HOST = "127.0.0.1";
  public static final String USER = "postgres";
  private static final Path DEBIAN_BINARIES = Path.of("/usr/lib/postgresql");
  private static final String OS_USER = "postgres";
  private static final long COMMAND_TIMEOUT_SECONDS = 60;

  private final Path bin;
  private final Path dir;
  private final int port;
  private boolean running;

  private DisposablePostgres(Path bin, Path dir, int port) {
    this.bin = bin;
    this.dir = dir;
    this.port = port;
  }

  /** The newest installed server's binaries (initdb, pg_ctl), if any. */
  public static Optional<Path> binaries() {
    if (!Files.isDirectory(DEBIAN_BINARIES)) {
      return Optional.empty();
    }
    try (Stream<Path> versions = Files.list(DEBIAN_BINARIES)) {
      return versions
          .map(version -> version.resolve("bin"))
          .filter(
              bin ->
                  Files.isExecutable(bin.resolve("initdb"))
                      && Files.isExecutable(bin.resolve("pg_ctl")))
          .max(Comparator.comparing(bin -> versionOf(bin.getParent())));
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  /** Why no cluster can be made here, for a JUnit assumption; empty when the binaries exist. */
  public static Optional<String> missingBinaries() {
    return binaries().isPresent()
        ? Optional.empty()
        : Optional.of(
            "no initdb/pg_ctl under "
                + DEBIAN_BINARIES
                + "/<version>/bin (apt-get install postgresql)");
  }

  /** Makes a new cluster in a fresh temporary directory and starts it. */
  public static DisposablePostgres create() {
    Path bin =
        binaries().orElseThrow(() -> new IllegalStateException(missingBinaries().orElseThrow()));
    Path dir;
    try {
      dir = Files.createTempDirectory("disposable-postgres-");
      if (runningAsRoot()) {
        UserPrincipalLookupService users = dir.getFileSystem().getUserPrincipalLookupService();
        Files.setOwner(dir, users.lookupPrincipalByName(OS_USER));
        Files.getFileAttributeView(dir, java.nio.file.attribute.PosixFileAttributeView.class)
            .setGroup(users.lookupPrincipalByGroupName(OS_USER));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot make a directory for a PostgreSQL cluster", e);
    }
    DisposablePostgres postgres = new DisposablePostgres(bin, dir, freePort());
    try {
      postgres.initialize();
      postgres.start();
    } catch (RuntimeException e) {
      postgres.close();
      throw e;
    }
    return postgres;
  }

  private void initialize() {
    run(
        bin.resolve("initdb").toString(),
        "--pgdata",
        data().toString(),
        "--username",
        USER,
        "--auth",
        "trust",
        "--encoding",
        "UTF8",
        "--no-sync");
    String settings =
        String.join(
            "\n",
            "",
            "listen_addresses = '" + HOST + "'",
            "port = " + port,
            // The socket in the cluster's own directory: /var/run/postgresql belongs to the main
            // server.
            "unix_socket_directories = '" + dir + "'",
            "fsync = off",
            "max_connections = 30",
            "");
    try {
      Files.writeString(
          data().resolve("postgresql.conf"), settings, java.nio.file.StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Starts the server and waits until it accepts connections. */
  public synchronized void start() {
    run(
        bin.resolve("pg_ctl").toString(),
        "--pgdata",
        data().toString(),
        "--log",
        dir.resolve("server.log").toString(),
        "--wait",
        "--timeout",
        "30",
        "start");
    running = true;
  }

  /**
   * Stops the server the way an administrator does ({@code pg_ctl stop}, fast mode): sessions are
   * ended, clients see their connections closed, and new ones are refused.
   */
  public synchronized void stop() {
    run(
        bin.resolve("pg_ctl").toString(),
        "--pgdata",
        data().toString(),
        "--mode",
        "fast",
        "--wait",
        "--timeout",
        "30",
        "stop");
    running = false;
  }

  public int port() {
    return port;
  }

  public String jdbcUrl(String database) {
    return "jdbc:postgresql://" + HOST + ":" + port + "/" + database;
  }

  /** Creates a database on this cluster (the server must be running). */
  public void createDatabase(String name) {
    Properties properties = new Properties();
    properties.setProperty("user", USER);
    try (Connection connection = DriverManager.getConnection(jdbcUrl("postgres"), properties);
        Statement statement = connection.createStatement()) {
      statement.execute("CREATE DATABASE " + name);
    } catch (SQLException e) {
      throw new IllegalStateException(
          "cannot create database " + name + " on port " + port + ": " + e.getMessage(), e);
    }
  }

  /** The server's own log, for a failure message. */
  public String serverLog() {
    try {
      Path log = dir.resolve("server.log");
      return Files.exists(log) ? Files.readString(log) : "";
    } catch (IOException e) {
      return "(cannot read the server log: " + e.getMessage() + ")";
    }
  }

  /** Stops the server at once if it runs, and deletes the cluster's directory. */
  @Override
  public synchronized void close() {
    try {
      if (running || Files.exists(data().resolve("postmaster.pid"))) {
        run(
            bin.resolve("pg_ctl").toString(),
            "--pgdata",
            data().toString(),
            "--mode",
            "immediate",
            "--wait",
            "stop");
        running = false;
      }
    } finally {
      deleteRecursively(dir);
    }
  }

  private Path data() {
    return dir.resolve("data");
  }

  /**
   * Runs a server binary, as the postgres OS user when this JVM runs as root; fails with its
   * output.
   */
  private void run(String... command) {
    List<String> line = new ArrayList<>();
    if (runningAsRoot()) {
      line.addAll(List.of("runuser", "-u", OS_USER, "--"));
    }
    line.addAll(List.of(command));
    try {
      Process process =
          new ProcessBuilder(line).directory(dir.toFile()).redirectErrorStream(true).start();
      // Read all output before waiting: a full pipe would block the command.
      String output =
          new String(
              process.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
      if (!process.waitFor(COMMAND_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new IllegalStateException(String.join(" ", line) + " did not finish: " + output);
      }
      if (process.exitValue() != 0) {
        throw new IllegalStateException(
            String.join(" ", line)
                + " exited with "
                + process.exitValue()
                + ": "
                + output
                + serverLog());
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot run " + String.join(" ", line), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while running " + String.join(" ", line), e);
    }
  }

  private static boolean runningAsRoot() {
    return "root".equals(System.getProperty("user.name"));
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(HOST))) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static int versionOf(Path versionDir) {
    try {
      return Integer.parseInt(versionDir.getFileName().toString());
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  private static void deleteRecursively(Path root) {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(path);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete " + root, e);
    }
  }
}
