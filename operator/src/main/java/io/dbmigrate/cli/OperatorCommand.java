package io.dbmigrate.cli;

import io.dbmigrate.gate.MigrationLookup;
import io.dbmigrate.gate.PodGateMutator;
import io.dbmigrate.gate.WebhookServer;
import io.dbmigrate.reconcile.DbMigrateOperator;
import io.dbmigrate.reconcile.LeaderElectionSettings;
import io.dbmigrate.reconcile.OperatorSettings;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.Arrays;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

@Command(
    name = "operator",
    mixinStandardHelpOptions = true,
    description = {
      "Runs the operator: watches DatabaseMigration resources and applies their migrations in Jobs.",
      "Connects with the in-cluster service account, or with the current kubeconfig context."
    })
final class OperatorCommand implements Callable<Integer> {
  static final String ENV_RUNNER_IMAGE = "DBMIGRATE_RUNNER_IMAGE";
  static final String ENV_NAMESPACES = "DBMIGRATE_NAMESPACES";
  static final String ENV_LEASE_NAMESPACE = "DBMIGRATE_LEASE_NAMESPACE";

  /** Set from the downward API by the Helm chart: the replica's identity in the Lease. */
  static final String ENV_POD_NAME = "POD_NAME";

  @ParentCommand private DbMigrate parent;

  @Spec private CommandSpec spec;

  @Option(
      names = "--runner-image",
      paramLabel = "IMAGE",
      description =
          "Image of migration Jobs (env DBMIGRATE_RUNNER_IMAGE; default: dbmigrate-operator:<version>).")
  private String runnerImage;

  @Option(
      names = "--namespaces",
      paramLabel = "NS[,NS...]",
      description = "Namespaces to watch (env DBMIGRATE_NAMESPACES; default: all).")
  private String namespaces;

  @Option(
      names = "--recheck-interval",
      paramLabel = "DURATION",
      converter = DurationConverters.RecheckInterval.class,
      description =
          "Reconcile every resource at least this often: 10s to 24h, e.g. 5m or PT5M (default: ${DEFAULT-VALUE}).",
      defaultValue = "5m")
  private Duration recheckInterval;

  @Option(
      names = "--leader-election",
      defaultValue = "true",
      fallbackValue = "true",
      arity = "0..1",
      paramLabel = "true|false",
      description = {
        "Elect one reconciling replica through a Lease (default: ${DEFAULT-VALUE}).",
        "Use --leader-election=false for a single instance run by hand."
      })
  private boolean leaderElection;

  @Option(
      names = "--lease-namespace",
      paramLabel = "NS",
      description =
          "Namespace of the Lease "
              + LeaderElectionSettings.LEASE_NAME
              + " (env DBMIGRATE_LEASE_NAMESPACE; default: the client's namespace).")
  private String leaseNamespace;

  @Option(
      names = "--webhook",
      defaultValue = "true",
      fallbackValue = "true",
      arity = "0..1",
      paramLabel = "true|false",
      description = {
        "Serve the pod admission webhook that gates pods on migrations (default: ${DEFAULT-VALUE}).",
        "Use --webhook=false where no certificate is mounted, e.g. when run by hand."
      })
  private boolean webhook;

  @Option(
      names = "--webhook-port",
      paramLabel = "PORT",
      defaultValue = "" + WebhookServer.DEFAULT_PORT,
      description = "HTTPS port of the webhook (default: ${DEFAULT-VALUE}).")
  private int webhookPort;

  @Option(
      names = "--webhook-cert-dir",
      paramLabel = "DIR",
      defaultValue = WebhookServer.DEFAULT_CERT_DIR,
      description = "Directory with the webhook's tls.crt and tls.key (default: ${DEFAULT-VALUE}).")
  private Path webhookCertDir;

  @Option(
      names = "--http-port",
      paramLabel = "PORT",
      description =
          "Port of /healthz, /readyz, /metrics and /health/{namespace}/{name} (default: ${DEFAULT-VALUE}).",
      defaultValue = "" + DbMigrateOperator.DEFAULT_HTTP_PORT)
  private int httpPort;

  @Override
  public Integer call() throws Exception {
    OperatorSettings settings = new OperatorSettings(runnerImage(), recheckInterval);
    KubernetesClient client = parent.kubernetesClient();
    DbMigrateOperator operator;
    WebhookServer webhookServer;
    try {
      operator =
          DbMigrateOperator.create(
              client, settings, watchedNamespaces(), leaderElection(client), httpPort);
      webhookServer = webhook ? startWebhook(client) : null;
    } catch (IllegalArgumentException e) {
      client.close();
      throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
    }
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  if (webhookServer != null) {
                    webhookServer.close();
                  }
                  operator.stop();
                  client.close();
                }));
    operator.start();
    // Lost the Lease: exit non-zero, so the container restarts and rejoins as a standby.
    return operator.awaitTermination() ? 1 : 0;
  }

  /** Every replica serves the webhook: admission must not wait for a leader. */
  private WebhookServer startWebhook(KubernetesClient client)
      throws IOException, GeneralSecurityException {
    if (!Files.isReadable(webhookCertDir.resolve("tls.crt"))
        || !Files.isReadable(webhookCertDir.resolve("tls.key"))) {
      throw new IllegalArgumentException(
          "the webhook needs tls.crt and tls.key in "
              + webhookCertDir
              + " (mount its TLS Secret there, or run with --webhook=false)");
    }
    PodGateMutator mutator =
        new PodGateMutator(MigrationLookup.from(client), client.getKubernetesSerialization());
    return WebhookServer.start(
        webhookPort, webhookCertDir, mutator, client.getKubernetesSerialization());
  }

  private LeaderElectionSettings leaderElection(KubernetesClient client) {
    if (!leaderElection) {
      return LeaderElectionSettings.disabled();
    }
    String namespace =
        firstText(
            leaseNamespace, parent.environment().get(ENV_LEASE_NAMESPACE), client.getNamespace());
    if (namespace == null) {
      throw new IllegalArgumentException(
          "leader election needs the Lease's namespace: set --lease-namespace (or DBMIGRATE_LEASE_NAMESPACE), or run with --leader-election=false");
    }
    return LeaderElectionSettings.enabled(namespace, identity());
  }

  /** The pod's name where the chart sets it, else the host name (a pod's host name is its name). */
  private String identity() {
    String podName = parent.environment().get(ENV_POD_NAME);
    if (podName != null && !podName.isBlank()) {
      return podName;
    }
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      return firstText(
          parent.environment().get("HOSTNAME"),
          "dbmigrate-operator-" + ProcessHandle.current().pid());
    }
  }

  private static String firstText(String... candidates) {
    return Arrays.stream(candidates)
        .filter(c -> c != null && !c.isBlank())
        .findFirst()
        .orElse(null);
  }

  private String runnerImage() {
    if (runnerImage != null) {
      return runnerImage;
    }
    String fromEnvironment = parent.environment().get(ENV_RUNNER_IMAGE);
    if (fromEnvironment != null && !fromEnvironment.isBlank()) {
      return fromEnvironment;
    }
    String version = OperatorCommand.class.getPackage().getImplementationVersion();
    return "dbmigrate-operator:" + (version == null ? "latest" : version);
  }

  private Set<String> watchedNamespaces() {
    String list =
        namespaces != null ? namespaces : parent.environment().getOrDefault(ENV_NAMESPACES, "");
    return Arrays.stream(list.split(","))
        .map(String::strip)
        .filter(s -> !s.isEmpty())
        .collect(Collectors.toSet());
  }
}
