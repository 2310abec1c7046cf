package io.dbmigrate.cli;

import io.dbmigrate.api.DatabaseMigration;
import io.dbmigrate.api.Phase;
import io.dbmigrate.gate.MigrationState;
import io.dbmigrate.gate.Requirement;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientTimeoutException;
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
 * {@code dbmigrate wait}: the init container for clusters without admission webhooks. Watches
 * one DatabaseMigration until it is Ready (at a version, if given) and exits 0; exits 1 with the
 * resource's own message when its migration failed or the time is up. Needs only get/list/watch
 * on databasemigrations in its namespace.
 */
@Command(
    name = "wait",
    mixinStandardHelpOptions = true,
    description = "Waits until a DatabaseMigration is Ready; for an app's init container.")
final class WaitCommand implements Callable<Integer> {
  @ParentCommand private DbMigrate parent;
  @Spec private CommandSpec spec;

  @Option(names = "--migration", required = true, paramLabel = "NAME", description = "The DatabaseMigration to wait for.")
  private String migration;

  @Option(names = "--version", paramLabel = "VERSION", description = "The schema version needed at least, e.g. 3 or 1.2.")
  private String version;

  @Option(
      names = "--timeout",
      paramLabel = "DURATION",
      defaultValue = "10m",
      converter = DurationConverter.class,
      description = "How long to wait, e.g. 90s or 10m (default: ${DEFAULT-VALUE}).")
  private Duration timeout;

  @Option(
      names = {"-n", "--namespace"},
      paramLabel = "NS",
      description = "Namespace of the migration (default: the pod's own namespace, or the kubeconfig context's).")
  private String namespace;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    Requirement requirement;
    try {
      requirement = Requirement.parseAll(migration + (version == null ? "" : "@" + version)).get(0);
    } catch (Requirement.InvalidRequirementException e) {
      err.println(e.getMessage().replace(Requirement.ANNOTATION + " entry", "--migration/--version"));
      return 2;
    }
    try (KubernetesClient client = parent.kubernetesClient()) {
      String ns = namespace != null ? namespace : Objects.requireNonNullElse(client.getNamespace(), "default");
      String target = "databasemigration " + ns + "/" + requirement.migration()
          + requirement.minimumVersion().map(v -> " at version " + v).orElse("");
      out.println("waiting for " + target + " (up to " + timeout + ")");
      out.flush();
      AtomicReference<String> lastReport = new AtomicReference<>("");
      DatabaseMigration done;
      try {
        done = client.resources(DatabaseMigration.class).inNamespace(ns).withName(requirement.migration())
            .waitUntilCondition(resource -> {
              report(out, lastReport, resource);
              return resource != null && (satisfied(resource, requirement) || failed(resource));
            }, timeout.toMillis(), TimeUnit.MILLISECONDS);
      } catch (KubernetesClientTimeoutException e) {
        err.println("timed out after " + timeout + " waiting for " + target + "; last seen: " + lastReport.get());
        return 1;
      }
      if (satisfied(done, requirement)) {
        out.println(target.replaceFirst("^databasemigration ", "") + " is ready at version " + done.getStatus().getCurrentVersion());
        return 0;
      }
      err.println("migration failed: " + readyMessage(done).orElse("no message"));
      return 1;
    }
  }

  private static boolean satisfied(DatabaseMigration resource, Requirement requirement) {
    return MigrationState.of(resource).satisfies(requirement);
  }

  /** Failed for the current spec; a failure of an older generation may already be being fixed. */
  private static boolean failed(DatabaseMigration resource) {
    var status = resource.getStatus();
    return status != null
        && status.getPhase() == Phase.Failed
        && Objects.equals(status.getObservedGeneration(), resource.getMetadata().getGeneration());
  }

  private static void report(PrintWriter out, AtomicReference<String> last, DatabaseMigration resource) {
    String now = resource == null ? "not found yet"
        : resource.getStatus() == null || resource.getStatus().getPhase() == null ? "no status yet"
        : resource.getStatus().getPhase() + readyMessage(resource).map(m -> ": " + m).orElse("");
    if (!now.equals(last.getAndSet(now))) {
      out.println("  " + now);
      out.flush();
    }
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
}
