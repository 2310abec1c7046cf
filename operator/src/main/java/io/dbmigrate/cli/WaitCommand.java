package io.dbmigrate.cli;

import io.dbmigrate.api.DatabaseMigration;
import io.dbmigrate.api.Phase;
import io.dbmigrate.config.DurationRange;
import io.dbmigrate.config.DurationText;
import io.dbmigrate.gate.MigrationReadiness;
import io.dbmigrate.gate.Requirement;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.KubernetesClientTimeoutException;
import io.fabric8.kubernetes.client.RequestConfig;
import io.fabric8.kubernetes.client.RequestConfigBuilder;
import io.fabric8.kubernetes.client.dsl.MixedOperation;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code dbmigrate wait}: the init container for clusters without admission webhooks. Watches one
 * DatabaseMigration until it is Ready (at a version, if given) and exits 0; exits 1 with the
 * resource's own message when its migration failed or the time is up, and with one line naming the
 * API server when that cannot be reached. Needs only get/list/watch on databasemigrations in its
 * namespace.
 */
@Command(
    name = "wait",
    // Not mixinStandardHelpOptions: its -V/--version would clash with --version (the schema
    // version), and picocli then drops the whole mixin, --help included.
    description = "Waits until a DatabaseMigration is Ready; for an app's init container.")
final class WaitCommand implements Callable<Integer> {
  /** An init container waits minutes, a slow migration maybe hours; a day is the outer limit. */
  static final DurationRange TIMEOUT =
      DurationRange.between(Duration.ofSeconds(1), Duration.ofHours(24));

  /**
   * The first request is retried once, not fabric8's ten times (about 20 s): an init container that
   * cannot reach the API server says so at once, and Kubernetes restarts it.
   */
  private static final int FIRST_LOOK_RETRIES = 1;

  @ParentCommand private DbMigrate parent;
  @Spec private CommandSpec spec;

  @Option(
      names = {"-h", "--help"},
      usageHelp = true,
      description = "Show this help message and exit.")
  private boolean help;

  @Option(
      names = "--migration",
      required = true,
      paramLabel = "NAME",
      description = "The DatabaseMigration to wait for.")
  private String migration;

  @Option(
      names = "--version",
      paramLabel = "VERSION",
      description = "The schema version needed at least, e.g. 3 or 1.2.")
  private String version;

  @Option(
      names = "--timeout",
      paramLabel = "DURATION",
      defaultValue = "10m",
      converter = DurationConverters.WaitTimeout.class,
      description =
          "How long to wait: 1s to 24h, e.g. 90s, 10m or PT10M (default: ${DEFAULT-VALUE}).")
  private Duration timeout;

  @Option(
      names = {"-n", "--namespace"},
      paramLabel = "NS",
      description =
          "Namespace of the migration (default: the pod's own namespace, or the kubeconfig context's).")
  private String namespace;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    Requirement requirement;
    try {
      requirement = Requirement.parseAll(migration + (version == null ? "" : "@" + version)).get(0);
    } catch (Requirement.InvalidRequirementException e) {
      err.println(
          e.getMessage().replace(Requirement.ANNOTATION + " entry", "--migration/--version"));
      return 2;
    }
    try (KubernetesClient client = parent.kubernetesClient()) {
      String ns =
          namespace != null
              ? namespace
              : Objects.requireNonNullElse(client.getNamespace(), "default");
      String target =
          "databasemigration "
              + ns
              + "/"
              + requirement.migration()
              + requirement.minimumVersion().map(v -> " at version " + v).orElse("");
      out.println("waiting for " + target + " (up to " + DurationText.format(timeout) + ")");
      out.flush();
      LastSeen lastSeen = new LastSeen(out);
      DatabaseMigration done;
      try {
        DatabaseMigration first =
            firstLook(client).inNamespace(ns).withName(requirement.migration()).get();
        lastSeen.update(first);
        done =
            first != null && finished(first, requirement)
                ? first
                : client
                    .resources(DatabaseMigration.class)
                    .inNamespace(ns)
                    .withName(requirement.migration())
                    .waitUntilCondition(
                        resource -> {
                          lastSeen.update(resource);
                          return resource != null && finished(resource, requirement);
                        },
                        timeout.toMillis(),
                        TimeUnit.MILLISECONDS);
      } catch (KubernetesClientTimeoutException e) {
        err.println(
            "timed out after "
                + DurationText.format(timeout)
                + " waiting for "
                + target
                + lastSeen.describe());
        return 1;
      } catch (KubernetesClientException e) {
        err.println(ApiServerFailure.describe(String.valueOf(client.getMasterUrl()), e));
        return 1;
      }
      if (satisfied(done, requirement)) {
        out.println(
            target.replaceFirst("^databasemigration ", "")
                + " is ready at version "
                + done.getStatus().getCurrentVersion());
        return 0;
      }
      err.println("migration failed: " + readyMessage(done).orElse("no message"));
      return 1;
    } finally {
      out.flush();
      err.flush();
    }
  }

  /**
   * The same connection with fewer retries, for the request that finds out whether the API server
   * answers.
   */
  private static MixedOperation<DatabaseMigration, ?, ?> firstLook(KubernetesClient client) {
    RequestConfig fewRetries =
        new RequestConfigBuilder(client.getConfiguration().getRequestConfig())
            .withRequestRetryBackoffLimit(FIRST_LOOK_RETRIES)
            .build();
    return client
        .newClient(fewRetries)
        .adapt(KubernetesClient.class)
        .resources(DatabaseMigration.class);
  }

  private static boolean finished(DatabaseMigration resource, Requirement requirement) {
    return satisfied(resource, requirement) || failed(resource);
  }

  private static boolean satisfied(DatabaseMigration resource, Requirement requirement) {
    return MigrationReadiness.of(resource).satisfies(requirement);
  }

  /** Failed for the current spec; a failure of an older generation may already be being fixed. */
  private static boolean failed(DatabaseMigration resource) {
    var status = resource.getStatus();
    return status != null
        && status.getPhase() == Phase.Failed
        && Objects.equals(status.getObservedGeneration(), resource.getMetadata().getGeneration());
  }

  private static Optional<String> readyMessage(DatabaseMigration resource) {
    return resource.getStatus() == null || resource.getStatus().getConditions() == null
        ? Optional.empty()
        : resource.getStatus().getConditions().stream()
            .filter(c -> "Ready".equals(c.getType()))
            .map(Condition::getMessage)
            .filter(Objects::nonNull)
            .findFirst();
  }

  /** What the resource last looked like: printed on each change, and named when the time is up. */
  private static final class LastSeen {
    private static final String NOT_FOUND = "not found yet";
    private static final String NO_STATUS = "no status yet";

    private final PrintWriter out;
    private final AtomicReference<String> state = new AtomicReference<>();

    LastSeen(PrintWriter out) {
      this.out = out;
    }

    /** Called from the informer's thread as well as the command's. */
    void update(DatabaseMigration resource) {
      String now =
          resource == null
              ? NOT_FOUND
              : resource.getStatus() == null || resource.getStatus().getPhase() == null
                  ? NO_STATUS
                  : resource.getStatus().getPhase()
                      + readyMessage(resource).map(m -> ": " + m).orElse("");
      if (!now.equals(state.getAndSet(now))) {
        out.println("  " + now);
        out.flush();
      }
    }

    String describe() {
      String last = state.get();
      if (last == null || NOT_FOUND.equals(last)) {
        return ": it was never found (check the name and the namespace)";
      }
      if (NO_STATUS.equals(last)) {
        return "; last seen: no status yet (is the operator running and watching this namespace?)";
      }
      return "; last seen: " + last;
    }
  }
}
