package io.dbmigrate.cli;

import io.dbmigrate.db.RedactedOutput;
import io.dbmigrate.db.Redactor;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code dbmigrate} command. The process environment and the way to reach the cluster are
 * passed in rather than read globally, so tests (and the kubelet fixture) can run a command with a
 * Job's environment against a test API server.
 */
@Command(
    name = "dbmigrate",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = "Applies database migrations before applications roll out.")
public final class DbMigrate implements Runnable {
  /**
   * The subcommands by name. Picocli builds the model of every subcommand it is given, which for
   * the operator command means loading the Kubernetes client and the CRD types: a few hundred
   * milliseconds of every Job's start-up. {@link #commandLine(Map, Supplier, String)} gives it only
   * the one a command line names.
   */
  private static final Map<String, Class<?>> SUBCOMMANDS = subcommands();

  private static Map<String, Class<?>> subcommands() {
    Map<String, Class<?>> subcommands = new LinkedHashMap<>();
    for (Class<?> command :
        List.of(
            MigrateCommand.class,
            PlanCommand.class,
            InfoCommand.class,
            BaselineCommand.class,
            RepairCommand.class,
            ResetCommand.class,
            HealthCommand.class,
            OperatorCommand.class,
            WaitCommand.class)) {
      subcommands.put(command.getAnnotation(CommandLine.Command.class).name(), command);
    }
    return Collections.unmodifiableMap(subcommands);
  }

  private final Map<String, String> environment;
  private final Supplier<KubernetesClient> kubernetes;

  public DbMigrate(Map<String, String> environment, Supplier<KubernetesClient> kubernetes) {
    this.environment = Map.copyOf(environment);
    this.kubernetes = kubernetes;
  }

  /** In-cluster service account, or the current kubeconfig context. */
  public static CommandLine commandLine(Map<String, String> environment) {
    return commandLine(environment, () -> new KubernetesClientBuilder().build());
  }

  /**
   * As {@link #commandLine(Map)}, built for a command line whose first argument is {@code first}.
   */
  public static CommandLine commandLine(Map<String, String> environment, String first) {
    return commandLine(environment, () -> new KubernetesClientBuilder().build(), first);
  }

  /**
   * Whatever a command prints, usage errors included, passes through the {@link Redactor}: the
   * writers are wrapped when the command runs, so writers a caller set beforehand are covered too.
   */
  public static CommandLine commandLine(
      Map<String, String> environment, Supplier<KubernetesClient> kubernetes) {
    return commandLine(environment, kubernetes, null);
  }

  /**
   * As {@link #commandLine(Map, Supplier)}, with only the subcommand {@code first} names when it
   * names one (the process's first argument); with all of them otherwise, for help and for
   * suggestions after a typo.
   */
  public static CommandLine commandLine(
      Map<String, String> environment, Supplier<KubernetesClient> kubernetes, String first) {
    CommandLine commandLine = new CommandLine(new DbMigrate(environment, kubernetes));
    SUBCOMMANDS.forEach(
        (name, command) -> {
          if (first == null || !SUBCOMMANDS.containsKey(first) || first.equals(name)) {
            commandLine.addSubcommand(name, command);
          }
        });
    commandLine.setCaseInsensitiveEnumValuesAllowed(true);
    // A usage error is its message and where to find the options; the full usage text would
    // bury the one line that says what is wrong.
    commandLine.setParameterExceptionHandler(
        (problem, args) -> {
          CommandLine failed = problem.getCommandLine();
          failed.setErr(RedactedOutput.writer(failed.getErr()));
          try {
            failed.getErr().println(problem.getMessage());
            CommandLine.UnmatchedArgumentException.printSuggestions(problem, failed.getErr());
            failed
                .getErr()
                .println(
                    "Run '"
                        + failed.getCommandSpec().qualifiedName()
                        + " --help' for the options.");
            return failed.getCommandSpec().exitCodeOnInvalidInput();
          } finally {
            failed.getErr().flush();
          }
        });
    commandLine.setExecutionStrategy(
        parseResult -> {
          List<CommandLine> commands = parseResult.asCommandLineList();
          commands.forEach(
              command -> {
                command.setOut(RedactedOutput.writer(command.getOut()));
                command.setErr(RedactedOutput.writer(command.getErr()));
              });
          try {
            return new CommandLine.RunLast().execute(parseResult);
          } finally {
            commands.forEach(
                command -> {
                  command.getOut().flush();
                  command.getErr().flush();
                });
          }
        });
    return commandLine;
  }

  Map<String, String> environment() {
    return environment;
  }

  KubernetesClient kubernetesClient() {
    return kubernetes.get();
  }

  @Override
  public void run() {
    throw new CommandLine.ParameterException(
        new CommandLine(this),
        "Missing command: migrate, plan, info, baseline, repair, reset, health, operator or wait");
  }
}
