package io.dbmigrate.cli;

import io.dbmigrate.gate.MigrationLookup;
import io.dbmigrate.gate.PodGateMutator;
import io.dbmigrate.gate.WebhookServer;
import io.dbmigrate.reconcile.DbMigrateOperator;
import io.dbmigrate.reconcile.OperatorSettings;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.Operator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.Arrays;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
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

  @ParentCommand private DbMigrate parent;
  @Spec private CommandSpec spec;

  @Option(
      names = "--runner-image",
      paramLabel = "IMAGE",
      description = "Image of migration Jobs (env DBMIGRATE_RUNNER_IMAGE; default: dbmigrate-operator:<version>).")
  private String runnerImage;

  @Option(
      names = "--namespaces",
      paramLabel = "NS[,NS...]",
      description = "Namespaces to watch (env DBMIGRATE_NAMESPACES; default: all).")
  private String namespaces;

  @Option(
      names = "--recheck-interval",
      paramLabel = "DURATION",
      description = "Reconcile every resource at least this often, e.g. PT5M (default: ${DEFAULT-VALUE}).",
      defaultValue = "PT5M")
  private Duration recheckInterval;

  @Option(
      names = "--webhook",
      negatable = true,
      defaultValue = "true",
      fallbackValue = "true",
      description = "Serve the pod admission webhook that gates pods on migrations (default: ${DEFAULT-VALUE}).")
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

  @Override
  public Integer call() throws Exception {
    OperatorSettings settings = new OperatorSettings(runnerImage(), recheckInterval);
    KubernetesClient client = parent.kubernetesClient();
    Operator operator = DbMigrateOperator.create(client, settings, watchedNamespaces());
    WebhookServer webhookServer = webhook ? startWebhook(client) : null;
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  if (webhookServer != null) {
                    webhookServer.close();
                  }
                  operator.stop();
                  client.close();
                  stopped.countDown();
                }));
    operator.start();
    stopped.await();
    return 0;
  }

  private WebhookServer startWebhook(KubernetesClient client) throws IOException, GeneralSecurityException {
    if (!Files.isReadable(webhookCertDir.resolve("tls.crt")) || !Files.isReadable(webhookCertDir.resolve("tls.key"))) {
      throw new ParameterException(
          spec.commandLine(),
          "the webhook needs tls.crt and tls.key in " + webhookCertDir
              + " (mount its TLS Secret there, or run with --no-webhook)");
    }
    PodGateMutator mutator = new PodGateMutator(MigrationLookup.from(client), client.getKubernetesSerialization());
    return WebhookServer.start(webhookPort, webhookCertDir, mutator, client.getKubernetesSerialization());
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
    String list = namespaces != null ? namespaces : parent.environment().getOrDefault(ENV_NAMESPACES, "");
    return Arrays.stream(list.split(","))
        .map(String::strip)
        .filter(s -> !s.isEmpty())
        .collect(Collectors.toSet());
  }
}
