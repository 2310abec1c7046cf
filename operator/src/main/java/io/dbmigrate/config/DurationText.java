package io.dbmigrate.config;

import java.math.BigInteger;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How a duration is written, on the command line and in the CRD alike: Go/Kubernetes style ({@code
 * 500ms}, {@code 90s}, {@code 10m}, {@code 1h30m}, {@code 1.5h}) or ISO-8601 ({@code PT5S}, {@code
 * PT1H30M}, {@code P1D}). The text is read exactly, as a decimal number of nanoseconds, so that
 * {@code 99999999999999999999h} reaches the range check as what it is instead of overflowing into
 * some other value. Ranges are {@link DurationRange}'s business.
 */
public final class DurationText {
  /** Go's units, as {@code time.ParseDuration} and so Kubernetes read them (ns and us left out). */
  private static final String GO = "([0-9]+(\\.[0-9]+)?(ms|s|m|h))+";

  /**
   * ISO-8601's time part with at least one of hours, minutes, seconds (only seconds take a
   * fraction).
   */
  private static final String ISO_TIME =
      "T([0-9]+H([0-9]+M)?([0-9]+(\\.[0-9]+)?S)?|[0-9]+M([0-9]+(\\.[0-9]+)?S)?|[0-9]+(\\.[0-9]+)?S)";

  /** Days and a time part; no years, months or weeks, whose length depends on the calendar. */
  private static final String ISO = "P([0-9]+D(" + ISO_TIME + ")?|" + ISO_TIME + ")";

  /**
   * Every accepted form; the CRD's duration fields carry the same pattern (a test keeps them
   * equal).
   */
  public static final String PATTERN = "^(" + GO + "|" + ISO + ")$";

  /** The accepted forms, for messages. */
  public static final String FORMS = "500ms, 90s, 10m, 1h30m or ISO-8601 such as PT5S or PT1H30M";

  private static final Pattern WHOLE = Pattern.compile(PATTERN);

  /** A sign in front of a number or of the whole ISO form: -5s, PT-5S, -PT5S. */
  private static final Pattern MINUS = Pattern.compile("-(?=[0-9P])");

  private static final Pattern PART = Pattern.compile("([0-9]+(?:\\.[0-9]+)?)(ms|s|m|h|D|H|M|S)");
  private static final Map<String, Long> NANOS_PER_UNIT =
      Map.of(
          "ms",
          1_000_000L,
          "s",
          1_000_000_000L,
          "S",
          1_000_000_000L,
          "m",
          60_000_000_000L,
          "M",
          60_000_000_000L,
          "h",
          3_600_000_000_000L,
          "H",
          3_600_000_000_000L,
          "D",
          86_400_000_000_000L);

  private DurationText() {}

  /**
   * The exact length; negative when the text has a minus sign ({@code -5s}, {@code PT-5S}), which
   * is then refused by the range with a message of its own.
   *
   * @throws IllegalArgumentException when the text is in none of the accepted forms
   */
  static ExactNanos nanos(String text) {
    if (text == null) {
      throw new IllegalArgumentException("no duration given: write e.g. " + FORMS);
    }
    String unsigned = MINUS.matcher(text).replaceAll("");
    if (!WHOLE.matcher(unsigned).matches()) {
      throw new IllegalArgumentException("'" + text + "' is not a duration: write e.g. " + FORMS);
    }
    List<String[]> parts = new ArrayList<>();
    int scale = 0;
    Matcher part = PART.matcher(unsigned);
    while (part.find()) {
      String number = part.group(1);
      int point = number.indexOf('.');
      String fraction = point < 0 ? "" : number.substring(point + 1);
      parts.add(
          new String[] {point < 0 ? number : number.substring(0, point), fraction, part.group(2)});
      scale = Math.max(scale, fraction.length());
    }
    BigInteger scaled = BigInteger.ZERO;
    for (String[] p : parts) {
      // digits of the number at the common scale, times the unit's nanoseconds
      String digits = p[0] + p[1] + "0".repeat(scale - p[1].length());
      scaled =
          scaled.add(new BigInteger(digits).multiply(BigInteger.valueOf(NANOS_PER_UNIT.get(p[2]))));
    }
    return new ExactNanos(unsigned.equals(text) ? scaled : scaled.negate(), scale);
  }

  /**
   * A length of time held exactly: {@code scaled} nanoseconds divided by 10^{@code scale}. Not a
   * BigDecimal: its class initialization costs ~10 ms of every Job's start (bench/startup.sh).
   */
  record ExactNanos(BigInteger scaled, int scale) {
    int signum() {
      return scaled.signum();
    }

    int compareTo(Duration duration) {
      BigInteger nanos =
          BigInteger.valueOf(duration.getSeconds())
              .multiply(BigInteger.valueOf(1_000_000_000L))
              .add(BigInteger.valueOf(duration.getNano()));
      return scaled.compareTo(nanos.multiply(BigInteger.TEN.pow(scale)));
    }

    /** Whole nanoseconds (a fraction of one is dropped); only for lengths a Duration holds. */
    Duration toDuration() {
      BigInteger[] seconds =
          scaled
              .divide(BigInteger.TEN.pow(scale))
              .divideAndRemainder(BigInteger.valueOf(1_000_000_000L));
      return Duration.ofSeconds(seconds[0].longValueExact(), seconds[1].longValueExact());
    }
  }

  /** Go style, to the millisecond: {@code 1h30m}, {@code 1m30s}, {@code 500ms}, {@code 0s}. */
  public static String format(Duration duration) {
    if (duration.isNegative()) {
      return "-" + format(duration.negated());
    }
    long millis = duration.toMillis();
    if (millis == 0) {
      return "0s";
    }
    StringBuilder text = new StringBuilder();
    append(text, millis / 3_600_000, "h");
    append(text, millis / 60_000 % 60, "m");
    append(text, millis / 1_000 % 60, "s");
    append(text, millis % 1_000, "ms");
    return text.toString();
  }

  private static void append(StringBuilder text, long amount, String unit) {
    if (amount > 0) {
      text.append(amount).append(unit);
    }
  }
}
