package io.dbmigrate.cli;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Command-line durations as Kubernetes users write them ({@code 90s}, {@code 10m},
 * {@code 1h30m}; the same reader as {@code spec.health}), or ISO-8601 ({@code PT10M}).
 */
final class DurationConverter implements ITypeConverter<Duration> {
  @Override
  public Duration convert(String value) {
    try {
      return value.strip().toUpperCase().startsWith("P")
          ? Duration.parse(value.strip())
          : io.dbmigrate.health.KubernetesDuration.parse(value);
    } catch (IllegalArgumentException | DateTimeParseException e) {
      throw new TypeConversionException(
          "'" + value + "' is not a duration: use e.g. 90s, 10m, 1h30m or PT10M");
    }
  }
}
