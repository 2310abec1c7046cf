package io.dbmigrate.cli;

import io.dbmigrate.reconcile.DbMigrateOperator;
import io.dbmigrate.reconcile.OperatorSettings;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.time.Duration;
import java.util.Arrays;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

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
      names = "--http-port",
      paramLabel = "PORT",
      description = "Port of /healthz, /readyz, /metrics and /health/{namespace}/{name} (default: ${DEFAULT-VALUE}).",
      defaultValue = "" + DbMigrateOperator.DEFAULT_HTTP_PORT)
  private int httpPort;

  @Override
  public Integer call() throws InterruptedException {
    OperatorSettings settings = new OperatorSettings(runnerImage(), recheckInterval);
    KubernetesClient client = new KubernetesClientBuilder().build();
    DbMigrateOperator operator = new DbMigrateOperator(client, settings, watchedNamespaces(), httpPort);
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  operator.stop();
                  client.close();
                  stopped.countDown();
                }));
    operator.start();
    stopped.await();
    return 0;
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
