package io.dbmigrate.cli;

import io.dbmigrate.config.DurationRange;
import io.dbmigrate.config.LockPolicy;
import io.dbmigrate.health.HealthTiming;
import io.dbmigrate.reconcile.OperatorSettings;
import java.time.Duration;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Duration options, read like the CRD's duration fields ({@code 90s}, {@code 1h30m}, {@code PT5S})
 * and checked against each option's range. picocli creates converters by class, so each range has a
 * class; picocli names the option in front of the message (exit 2).
 */
final class DurationConverters {
  private DurationConverters() {}

  abstract static class InRange implements ITypeConverter<Duration> {
    private final DurationRange range;

    InRange(DurationRange range) {
      this.range = range;
    }

    @Override
    public Duration convert(String value) {
      try {
        return range.parse(value);
      } catch (IllegalArgumentException e) {
        throw new TypeConversionException(e.getMessage());
      }
    }
  }

  /** A range where {@code 0s} (or {@code 0}) is also accepted and turns the setting off. */
  abstract static class InRangeOrOff implements ITypeConverter<Duration> {
    private final DurationRange range;

    InRangeOrOff(DurationRange range) {
      this.range = range;
    }

    @Override
    public Duration convert(String value) {
      try {
        return range.parseOrOff(value);
      } catch (IllegalArgumentException e) {
        throw new TypeConversionException(e.getMessage() + ", or 0s for none");
      }
    }
  }

  /** {@code migrate --lock-timeout}: the range of {@code spec.migrations.lockTimeout}. */
  static final class LockTimeout extends InRangeOrOff {
    LockTimeout() {
      super(LockPolicy.LOCK_TIMEOUT);
    }
  }

  /** {@code migrate --statement-timeout}. */
  static final class StatementTimeout extends InRangeOrOff {
    StatementTimeout() {
      super(LockPolicy.STATEMENT_TIMEOUT);
    }
  }

  /** {@code health --timeout}: the range of {@code spec.health.timeout}. */
  static final class HealthTimeout extends InRange {
    HealthTimeout() {
      super(HealthTiming.TIMEOUT);
    }
  }

  /** {@code wait --timeout}. */
  static final class WaitTimeout extends InRange {
    WaitTimeout() {
      super(WaitCommand.TIMEOUT);
    }
  }

  /** {@code operator --recheck-interval}. */
  static final class RecheckInterval extends InRange {
    RecheckInterval() {
      super(OperatorSettings.RECHECK_INTERVAL);
    }
  }
}
