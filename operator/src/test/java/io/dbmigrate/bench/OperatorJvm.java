package io.dbmigrate.bench;

import io.dbmigrate.testing.MockCluster;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The operator as the image runs it, in a JVM of its own: {@code dbmigrate operator} (the real
 * command, so it builds its client from a kubeconfig as in production) with the given JVM flags,
 * pointed at the mock API server by a kubeconfig written for it. Measures the process from outside,
 * as {@code kubectl top} and a container limit see it.
 */
final class OperatorJvm implements AutoCloseable {
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private final Process process;
  private final Path jdkBin;
  private final int httpPort;
  private final Path log;

  /** jcmd and jstat come from the operator's own JDK: a tool of another version may not attach. */
  private OperatorJvm(Process process, Path jdkBin, int httpPort, Path log) {
    this.process = process;
    this.jdkBin = jdkBin;
    this.httpPort = httpPort;
    this.log = log;
  }

  /**
   * @param java the {@code java} binary (the image's is Java 25); its jcmd and jstat measure it
   * @param jvmFlags e.g. {@code -Xmx384m -XX:MaxRAMPercentage=75}
   * @param environment what the image's entry point exports for the operator
   * @param classpath the operator's classes and its runtime dependencies
   */
  static OperatorJvm start(
      MockCluster cluster,
      Path java,
      List<String> jvmFlags,
      Map<String, String> environment,
      String classpath,
      String leaseNamespace,
      Path workDir) {
    try {
      Path kubeconfig = workDir.resolve("kubeconfig");
      Files.writeString(kubeconfig, kubeconfig(cluster.client().getMasterUrl().toString()));
      int httpPort = freePort();
      Path log = workDir.resolve("operator.log");
      List<String> command = new ArrayList<>();
      command.add(java.toString());
      command.addAll(jvmFlags);
      command.addAll(
          List.of(
              "-Dorg.slf4j.simpleLogger.defaultLogLevel=info",
              "-cp",
              classpath,
              "io.dbmigrate.cli.Main",
              "operator",
              "--webhook=false",
              "--lease-namespace=" + leaseNamespace,
              "--http-port=" + httpPort));
      ProcessBuilder builder =
          new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
      builder.environment().putAll(environment);
      builder.environment().put("KUBECONFIG", kubeconfig.toString());
      builder.environment().put("POD_NAME", "dbmigrate-operator-bench");
      return new OperatorJvm(builder.start(), java.getParent(), httpPort, log);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start the operator JVM", e);
    }
  }

  private static String kubeconfig(String server) {
    return """
        apiVersion: v1
        kind: Config
        clusters:
        - name: mock
          cluster: {server: "%s"}
        users:
        - name: bench
          user: {token: bench}
        contexts:
        - name: mock
          context: {cluster: mock, user: bench, namespace: dbmigrate-system}
        current-context: mock
        """
        .formatted(server);
  }

  long pid() {
    return process.pid();
  }

  Path log() {
    return log;
  }

  /** Waits until {@code /readyz} answers 200: informers synced. */
  void awaitReady(Duration within) throws InterruptedException {
    long deadline = System.nanoTime() + within.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException("the operator JVM exited; see " + log);
      }
      try {
        if (get("/readyz").statusCode() == 200) {
          return;
        }
      } catch (IOException notYet) {
        // not listening yet
      }
      Thread.sleep(200);
    }
    throw new IllegalStateException("the operator was not ready within " + within + "; see " + log);
  }

  String metrics() throws IOException, InterruptedException {
    return get("/metrics").body();
  }

  private HttpResponse<String> get(String path) throws IOException, InterruptedException {
    return HTTP.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + path))
            .timeout(Duration.ofSeconds(30))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /**
   * Live heap: a full collection ({@code jcmd GC.run}, i.e. System.gc()), then the used parts of
   * the heap from {@code jstat -gc} (survivors, eden, old), which every collector reports alike.
   */
  long heapAfterFullGcBytes() {
    jcmd("GC.run");
    List<String> lines = tool("jstat", "-gc", String.valueOf(pid())).lines().toList();
    List<String> names = Arrays.asList(lines.get(0).trim().split("\\s+"));
    String[] values = lines.get(1).trim().split("\\s+");
    double kib = 0;
    for (String used : List.of("S0U", "S1U", "EU", "OU")) {
      kib += Double.parseDouble(values[names.indexOf(used)]);
    }
    return (long) (kib * 1024);
  }

  /** The collector the JVM chose or was given, from its flags. */
  String collector() {
    String flags = jcmd("VM.flags");
    for (String gc : List.of("G1", "Serial", "Parallel", "Z", "Shenandoah")) {
      if (flags.contains("-XX:+Use" + gc + "GC")) {
        return gc;
      }
    }
    return "unknown";
  }

  /** Resident memory ({@code VmRSS}) in bytes. */
  long residentBytes() {
    return Long.parseLong(procStatus("VmRSS").replaceAll("[^0-9]", "")) * 1024;
  }

  /**
   * CPU time the process used so far (user and system), in ms: fields 14 and 15 of /proc/PID/stat,
   * in clock ticks (100 per second on Linux).
   */
  long cpuMillis() {
    try {
      String stat = Files.readString(Path.of("/proc", String.valueOf(pid()), "stat"));
      // The command name (field 2) may hold spaces: count from the closing parenthesis.
      String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) * 10;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  long threads() {
    return Long.parseLong(procStatus("Threads").trim());
  }

  private String procStatus(String field) {
    try {
      return Files.readAllLines(Path.of("/proc", String.valueOf(pid()), "status")).stream()
          .filter(line -> line.startsWith(field + ":"))
          .map(line -> line.substring(field.length() + 1))
          .findFirst()
          .orElseThrow();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The log lines at WARN or ERROR level. */
  List<String> warnings() {
    try {
      return Files.readAllLines(log).stream()
          .filter(line -> line.contains(" WARN ") || line.contains(" ERROR "))
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** {@code jcmd <pid> ARGS}: e.g. {@code VM.native_memory summary} under NMT. */
  String jcmd(String... args) {
    List<String> command = new ArrayList<>(List.of(String.valueOf(pid())));
    command.addAll(List.of(args));
    return tool("jcmd", command.toArray(String[]::new));
  }

  private String tool(String name, String... args) {
    List<String> command = new ArrayList<>();
    command.add(jdkBin.resolve(name).toString());
    command.addAll(List.of(args));
    return run(command.toArray(String[]::new));
  }

  private static String run(String... command) {
    try {
      Process tool = new ProcessBuilder(command).redirectErrorStream(true).start();
      String output = new String(tool.getInputStream().readAllBytes());
      if (!tool.waitFor(60, TimeUnit.SECONDS) || tool.exitValue() != 0) {
        throw new IllegalStateException(String.join(" ", command) + " failed: " + output);
      }
      return output;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor();
    }
  }
}
