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
    private final boolean zeroIsOff;

    InRange(DurationRange range) {
      this(range, false);
    }

    /**
     * @param zeroIsOff whether {@code 0s} (or {@code 0}) is also accepted and turns the setting off
     */
    InRange(DurationRange range, boolean zeroIsOff) {
      this.range = range;
      this.zeroIsOff = zeroIsOff;
    }

    @Override
    public Duration convert(String value) {
      try {
        return zeroIsOff ? range.parseOrOff(value) : range.parse(value);
      } catch (IllegalArgumentException e) {
        throw new TypeConversionException(e.getMessage());
      }
    }
  }

  /** {@code migrate --lock-timeout}: the range of {@code spec.migrations.lockTimeout}. */
  static final class LockTimeout extends InRange {
    LockTimeout() {
      super(LockPolicy.LOCK_TIMEOUT, true);
    }
  }

  /** {@code migrate --statement-timeout}. */
  static final class StatementTimeout extends InRange {
    StatementTimeout() {
      super(LockPolicy.STATEMENT_TIMEOUT, true);
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
