package io.dbmigrate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;

/** Every command answers --help with its usage and exit 0, whatever its required options. */
class CommandHelpTest {
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  /**
   * The root and each subcommand as registered, so a new command is covered without editing this
   * list.
   */
  static Stream<List<String>> commands() {
    return Stream.concat(
        Stream.of(List.<String>of()),
        DbMigrate.commandLine(Map.of()).getSubcommands().keySet().stream().map(List::of));
  }

  @Test
  void everyCommandIsListed() {
    assertThat(commands().map(c -> String.join(" ", c)))
        .containsExactlyInAnyOrder(
            "",
            "migrate",
            "plan",
            "info",
            "baseline",
            "repair",
            "reset",
            "health",
            "operator",
            "wait");
  }

  @ParameterizedTest(name = "dbmigrate {0} --help")
  @MethodSource("commands")
  void helpExitsZeroWithTheUsage(List<String> command) {
    assertThat(run(command, "--help")).as(err.toString()).isZero();
    assertThat(out.toString())
        .startsWith("Usage: " + String.join(" ", concat(List.of("dbmigrate"), command)))
        .contains("--help");
    assertThat(err.toString()).isEmpty();
  }

  @ParameterizedTest(name = "dbmigrate {0} -h")
  @MethodSource("commands")
  void shortHelpExitsZero(List<String> command) {
    assertThat(run(command, "-h")).as(err.toString()).isZero();
  }

  @Test
  void waitKeepsVersionForTheSchemaVersion() {
    assertThat(run(List.of("wait"), "--help")).isZero();
    assertThat(out.toString())
        .contains("--version=VERSION")
        .contains("The schema version needed at least");
  }

  private int run(List<String> command, String option) {
    CommandLine commandLine =
        DbMigrate.commandLine(
            Map.of(),
            () -> {
              throw new AssertionError("--help must not contact a cluster");
            });
    commandLine.setOut(new PrintWriter(out, true));
    commandLine.setErr(new PrintWriter(err, true));
    return commandLine.execute(concat(command, List.of(option)).toArray(String[]::new));
  }

  private static List<String> concat(List<String> first, List<String> second) {
    List<String> all = new ArrayList<>(first);
    all.addAll(second);
    return all;
  }
}
