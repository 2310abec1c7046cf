package io.dbmigrate.config;

import java.time.Duration;

/**
 * Where one duration setting must lie. Every command-line option and CRD field that takes a
 * duration reads it through a range, so a zero, negative or absurd value is refused with the same
 * kind of message everywhere instead of being clamped, wrapped around or waited out. The ranges
 * themselves are declared next to the settings they bound (for example in HealthTiming).
 *
 * @param minimum the shortest accepted duration, above zero
 * @param maximum the longest accepted duration
 */
public record DurationRange(Duration minimum, Duration maximum) {
  public DurationRange {
    if (minimum.isNegative() || minimum.isZero() || maximum.compareTo(minimum) < 0) {
      throw new IllegalArgumentException(
          "a duration range needs 0 < minimum <= maximum, not " + minimum + ".." + maximum);
    }
  }

  public static DurationRange between(Duration minimum, Duration maximum) {
    return new DurationRange(minimum, maximum);
  }

  /**
   * Reads a duration in any of the {@link DurationText} forms and checks it against the range. The
   * message does not name the setting: the caller adds the option or field name.
   *
   * @throws IllegalArgumentException saying what is wrong, the range and the accepted forms
   */
  public Duration parse(String text) {
    DurationText.ExactNanos nanos = DurationText.nanos(text);
    if (nanos.signum() < 0) {
      throw outside(text, "is negative");
    }
    if (nanos.compareTo(minimum) < 0) {
      throw outside(text, "is too short");
    }
    if (nanos.compareTo(maximum) > 0) {
      throw outside(text, "is too long");
    }
    return nanos.toDuration();
  }

  /**
   * As {@link #parse}, but a zero duration ({@code 0s}, {@code 0ms}, {@code PT0S}, or plain {@code
   * 0}) is accepted and means the setting is off: {@link Duration#ZERO}. A refusal says so.
   */
  public Duration parseOrOff(String text) {
    if ("0".equals(text) || (text != null && isZero(text))) {
      return Duration.ZERO;
    }
    try {
      return parse(text);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(e.getMessage() + ", or 0s for none", e);
    }
  }

  private static boolean isZero(String text) {
    try {
      return DurationText.nanos(text).signum() == 0;
    } catch (IllegalArgumentException notADuration) {
      return false;
    }
  }

  /** {@code 250ms to 1h}. */
  public String describe() {
    return DurationText.format(minimum) + " to " + DurationText.format(maximum);
  }

  private IllegalArgumentException outside(String text, String problem) {
    return new IllegalArgumentException(
        "'"
            + text
            + "' "
            + problem
            + ": use "
            + describe()
            + ", written e.g. "
            + DurationText.FORMS);
  }
}
