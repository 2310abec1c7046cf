package io.dbmigrate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import picocli.CommandLine;

/**
 * Duration options are refused as usage errors before anything connects, naming the option, range
 * and forms.
 */
class DurationOptionsTest {
  private final StringWriter err = new StringWriter();

  @ParameterizedTest(name = "{0} {1} {2}")
  @CsvSource({
    "health, --timeout, 0s, is too short: use 250ms to 1h",
    "health, --timeout, 100ms, is too short: use 250ms to 1h",
    "health, --timeout, 10000000h, is too long: use 250ms to 1h",
    "health, --timeout, 99999999999999999999h, is too long: use 250ms to 1h",
    "health, --timeout, soon, is not a duration",
    "wait, --timeout, PT-5S, is negative: use 1s to 24h",
    "wait, --timeout, 0s, is too short: use 1s to 24h",
    "wait, --timeout, 25h, is too long: use 1s to 24h",
    "operator, --recheck-interval, 1s, is too short: use 10s to 24h",
    "operator, --recheck-interval, PT-5M, is negative: use 10s to 24h",
  })
  void outOfRangeIsAUsageError(String command, String option, String value, String problem) {
    CommandLine commandLine =
        DbMigrate.commandLine(
            Map.of("DBMIGRATE_URL", "postgresql://127.0.0.1:1/none"),
            () -> {
              throw new AssertionError("a refused option must not contact a cluster");
            });
    commandLine.setOut(new PrintWriter(new StringWriter()));
    commandLine.setErr(new PrintWriter(err, true));

    assertThat(commandLine.execute(command, option, value)).isEqualTo(2);
    assertThat(err.toString())
        .contains("Invalid value for option '" + option + "': '" + value + "' " + problem)
        .contains("500ms, 90s, 10m, 1h30m or ISO-8601 such as PT5S or PT1H30M");
  }
}
