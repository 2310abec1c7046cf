package io.dbmigrate.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dbmigrate.api.HealthSpec;
import java.time.Duration;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class DurationRangeTest {
  private static final DurationRange WIDE =
      DurationRange.between(Duration.ofMillis(1), Duration.ofDays(7));
  private static final DurationRange HEALTH_TIMEOUT =
      DurationRange.between(Duration.ofMillis(250), Duration.ofHours(1));
  private static final Pattern CRD = Pattern.compile(HealthSpec.DURATION_PATTERN);

  @ParameterizedTest(name = "{0} = {1} ms")
  @CsvSource({
    "500ms, 500",
    "90s, 90000",
    "10m, 600000",
    "1h, 3600000",
    "1h30m, 5400000",
    "1m30s, 90000",
    "1.5s, 1500",
    "1.5h, 5400000",
    "2h0m0s, 7200000",
    "PT5S, 5000",
    "PT1H30M, 5400000",
    "PT1M30S, 90000",
    "PT0.5S, 500",
    "P1D, 86400000",
    "P1DT12H, 129600000",
  })
  void readsGoAndIsoForms(String text, long millis) {
    assertThat(WIDE.parse(text)).isEqualTo(Duration.ofMillis(millis));
    assertThat(CRD.matcher(text).matches()).as("the CRD pattern accepts %s", text).isTrue();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "", "soon", "30", "5 m", "5S", "1d", "h", "PT", "P", "P1DT", "PT5s", "pt5s", "P1M", "P1W",
        "PT1.5M", "1,5s", "+5s", " 5s", "5s ", "5m-s"
      })
  void refusesOtherFormsNamingTheAcceptedOnes(String text) {
    assertThatThrownBy(() -> WIDE.parse(text))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "'"
                + text
                + "' is not a duration: write e.g. 500ms, 90s, 10m, 1h30m or ISO-8601 such as PT5S or PT1H30M");
    assertThat(CRD.matcher(text).matches()).as("the CRD pattern refuses '%s'", text).isFalse();
  }

  @ParameterizedTest
  @ValueSource(strings = {"-5s", "PT-5S", "-PT5S", "-1h30m"})
  void refusesNegativeDurations(String text) {
    assertThatThrownBy(() -> HEALTH_TIMEOUT.parse(text))
        .hasMessage(
            "'"
                + text
                + "' is negative: use 250ms to 1h, written e.g. 500ms, 90s, 10m, 1h30m or ISO-8601 such as PT5S or PT1H30M");
    assertThat(CRD.matcher(text).matches()).isFalse();
  }

  @ParameterizedTest
  @ValueSource(strings = {"0s", "0ms", "PT0S", "249ms", "0.2s", "0.0000000001s"})
  void refusesZeroAndTooShortInsteadOfRaisingThem(String text) {
    assertThatThrownBy(() -> HEALTH_TIMEOUT.parse(text))
        .hasMessageStartingWith("'" + text + "' is too short: use 250ms to 1h");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "10000000h",
        "99999999999999999999h",
        "PT99999999999999999999H",
        "P106751991167301D",
        "1h0m0.001s",
        "61m",
        "9223372036854775807ms",
        "PT9223372036854775807S"
      })
  void refusesTooLongWithoutOverflowing(String text) {
    assertThatThrownBy(() -> HEALTH_TIMEOUT.parse(text))
        .hasMessageStartingWith("'" + text + "' is too long: use 250ms to 1h");
  }

  @Test
  void fractionsAreReadExactlyAndAFractionOfANanosecondIsDropped() {
    assertThat(HEALTH_TIMEOUT.parse("0.25s")).isEqualTo(Duration.ofMillis(250));
    assertThat(HEALTH_TIMEOUT.parse("1.5m0.0000000019s")).isEqualTo(Duration.ofSeconds(90, 1));
    assertThat(HEALTH_TIMEOUT.parse("PT0.75S")).isEqualTo(Duration.ofMillis(750));
  }

  @Test
  void theBoundsThemselvesAreAccepted() {
    assertThat(HEALTH_TIMEOUT.parse("250ms")).isEqualTo(Duration.ofMillis(250));
    assertThat(HEALTH_TIMEOUT.parse("1h")).isEqualTo(Duration.ofHours(1));
    assertThat(HEALTH_TIMEOUT.parse("PT1H")).isEqualTo(Duration.ofHours(1));
  }

  @Test
  void aRangeNeedsAPositiveMinimumBelowItsMaximum() {
    assertThatThrownBy(() -> DurationRange.between(Duration.ZERO, Duration.ofSeconds(1)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> DurationRange.between(Duration.ofSeconds(2), Duration.ofSeconds(1)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @ParameterizedTest
  @CsvSource({
    "500, 500ms",
    "90000, 1m30s",
    "5400000, 1h30m",
    "86400000, 24h",
    "0, 0s",
    "1500, 1s500ms"
  })
  void formatsGoStyleAndReadsItBack(long millis, String text) {
    assertThat(DurationText.format(Duration.ofMillis(millis))).isEqualTo(text);
    assertThat(WIDE.parse(millis == 0 ? "1ms" : text))
        .isEqualTo(Duration.ofMillis(Math.max(1, millis)));
  }

  @Test
  void theCrdPatternIsTheParsersPattern() {
    assertThat(HealthSpec.DURATION_PATTERN).isEqualTo(DurationText.PATTERN);
  }
}
