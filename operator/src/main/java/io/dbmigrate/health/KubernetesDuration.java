package io.dbmigrate.health;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads Kubernetes-style durations ({@code 500ms}, {@code 30s}, {@code 5m}, {@code 1h}, {@code 1m30s}). */
public final class KubernetesDuration {
  private static final Pattern WHOLE = Pattern.compile("([0-9]+(\\.[0-9]+)?(ms|s|m|h))+");
  private static final Pattern PART = Pattern.compile("([0-9]+(?:\\.[0-9]+)?)(ms|s|m|h)");

  private KubernetesDuration() {}

  /** @throws IllegalArgumentException naming the accepted form */
  public static Duration parse(String text) {
    if (text == null || !WHOLE.matcher(text.strip()).matches()) {
      throw new IllegalArgumentException(
          "'" + text + "' is not a duration: use a number and a unit (ms, s, m, h), e.g. 30s, 5m or 1m30s");
    }
    BigDecimal millis = BigDecimal.ZERO;
    Matcher part = PART.matcher(text.strip());
    while (part.find()) {
      BigDecimal amount = new BigDecimal(part.group(1));
      long unit = switch (part.group(2)) {
        case "ms" -> 1;
        case "s" -> 1_000;
        case "m" -> 60_000;
        default -> 3_600_000;
      };
      millis = millis.add(amount.multiply(BigDecimal.valueOf(unit)));
    }
    return Duration.ofMillis(millis.longValue());
  }
}
