package io.dbmigrate.testing;

import io.dbmigrate.reconcile.DbMigrateOperator;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * An operator replica in a JVM of its own, started from the test classpath against the mock API
 * server, that a test can kill with SIGKILL: no shutdown hook runs, the Lease is not released and
 * nothing is written after the kill, as when a pod is OOM-killed or its node is lost.
 *
 * <p>The child runs {@link DbMigrateOperator} as {@code dbmigrate operator} does, with the short
 * leader-election timings of {@link OperatorEnvironment#leaderElection} (the command line only
 * offers the production ones), the webhook off and the HTTP endpoints on a free port.
 */
public final class OperatorProcess implements AutoCloseable {
  /** Prefix of the replica's User-Agent; the identity follows, so requests can be told apart. */
  public static final String AGENT_PREFIX = "dbmigrate-operator/";

  private final Process process;
  private final Path log;

  private OperatorProcess(Process process, Path log) {
    this.process = process;
    this.log = log;
  }

  /** Starts the replica; its standard output and error go to {@code log}. */
  public static OperatorProcess start(MockCluster cluster, String identity, Path log) {
    String java =
        ProcessHandle.current()
            .info()
            .command()
            .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    List<String> command =
        List.of(
            java,
            "-Xmx256m",
            "-XX:TieredStopAtLevel=1",
            "-cp",
            System.getProperty("java.class.path"),
            OperatorProcess.class.getName(),
            cluster.client().getMasterUrl().toString(),
            identity);
    try {
      Process process =
          new ProcessBuilder(command)
              .redirectErrorStream(true)
              .redirectOutput(log.toFile())
              .start();
      return new OperatorProcess(process, log);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start an operator JVM", e);
    }
  }

  /** SIGKILL (no clean shutdown), then waits until the process is gone. */
  public void kill() {
    process.destroyForcibly();
    try {
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        throw new IllegalStateException("the operator JVM did not die within 30 s of SIGKILL");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while killing the operator JVM", e);
    }
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  /** What the replica logged so far. */
  public String output() {
    try {
      return Files.exists(log) ? Files.readString(log) : "";
    } catch (IOException e) {
      return "(cannot read " + log + ": " + e.getMessage() + ")";
    }
  }

  @Override
  public void close() {
    if (process.isAlive()) {
      kill();
    }
  }

  /** The child's side: {@code OperatorProcess <API server URL> <identity>}; runs until killed. */
  public static void main(String[] args) throws InterruptedException {
    String masterUrl = args[0];
    String identity = args[1];
    // The mock server's client settings, as MockCluster#newClient has them.
    KubernetesClient client =
        new KubernetesClientBuilder()
            .withConfig(
                new ConfigBuilder(Config.empty())
                    .withMasterUrl(masterUrl)
                    .withTrustCerts(true)
                    .withHttp2Disable(true)
                    .withNamespace("test")
                    .withUserAgent(AGENT_PREFIX + identity)
                    .build())
            .build();
    DbMigrateOperator.create(
            client,
            OperatorEnvironment.SETTINGS,
            Set.of(),
            OperatorEnvironment.leaderElection(identity),
            0)
        .start();
    System.out.println(
        "operator process " + identity + " started, pid " + ProcessHandle.current().pid());
    Thread.currentThread().join();
  }
}
