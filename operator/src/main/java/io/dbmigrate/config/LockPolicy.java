package io.dbmigrate.config;

import java.time.Duration;

/**
 * How a migration behaves on a live database: how long each of its statements may wait for a lock
 * (PostgreSQL's {@code lock_timeout}) before it gives up, how often a migration that gave up is
 * rolled back and tried again, and how long one statement may run ({@code statement_timeout}). A
 * statement that waits for a lock queues every later query on that table behind it, so waiting
 * briefly and retrying keeps the application up where waiting forever would take it down.
 *
 * @param lockTimeout longest wait for one lock; {@link Duration#ZERO} waits forever
 * @param lockRetries how many times a transactional migration that timed out is tried again
 * @param statementTimeout longest run of one statement; {@link Duration#ZERO} for no limit
 */
public record LockPolicy(Duration lockTimeout, int lockRetries, Duration statementTimeout) {
  /**
   * strong_migrations' default: long enough for {@code CREATE INDEX CONCURRENTLY} to outwait the
   * short transactions of an OLTP application, short enough that an ALTER stuck behind a forgotten
   * idle-in-transaction session holds the application up for seconds, not until the Job's deadline.
   */
  public static final String DEFAULT_LOCK_TIMEOUT = "10s";

  public static final int DEFAULT_LOCK_RETRIES = 3;

  /** No limit: a backfill or an index build may rightly take long; the Job's deadline bounds it. */
  public static final String DEFAULT_STATEMENT_TIMEOUT = "0s";

  public static final DurationRange LOCK_TIMEOUT =
      DurationRange.between(Duration.ofMillis(100), Duration.ofHours(1));
  public static final DurationRange STATEMENT_TIMEOUT =
      DurationRange.between(Duration.ofSeconds(1), Duration.ofHours(24));
  public static final int MAX_LOCK_RETRIES = 20;

  /** Retries wait 1 s, 2 s, 4 s, … between attempts, never more than this. */
  static final Duration MAX_BACKOFF = Duration.ofSeconds(30);

  public static final LockPolicy DEFAULT =
      of(DEFAULT_LOCK_TIMEOUT, DEFAULT_LOCK_RETRIES, DEFAULT_STATEMENT_TIMEOUT, "");

  public LockPolicy {
    if (lockTimeout.isNegative() || statementTimeout.isNegative()) {
      throw new IllegalArgumentException("timeouts must not be negative");
    }
    if (lockRetries < 0 || lockRetries > MAX_LOCK_RETRIES) {
      throw new IllegalArgumentException(
          "lock retries must be between 0 and " + MAX_LOCK_RETRIES + ", not " + lockRetries);
    }
  }

  /**
   * Reads the three settings as written in the spec or on the command line; null takes the default.
   * The message names the field ({@code prefix} + {@code lockTimeout}, ...).
   *
   * @throws IllegalArgumentException for a malformed, negative or absurd value
   */
  public static LockPolicy of(
      String lockTimeout, Integer lockRetries, String statementTimeout, String prefix) {
    Duration lock = read(lockTimeout, DEFAULT_LOCK_TIMEOUT, LOCK_TIMEOUT, prefix + "lockTimeout");
    Duration statement =
        read(
            statementTimeout,
            DEFAULT_STATEMENT_TIMEOUT,
            STATEMENT_TIMEOUT,
            prefix + "statementTimeout");
    int retries = lockRetries == null ? DEFAULT_LOCK_RETRIES : lockRetries;
    if (retries < 0 || retries > MAX_LOCK_RETRIES) {
      throw new IllegalArgumentException(
          prefix + "lockRetries must be between 0 and " + MAX_LOCK_RETRIES + ", not " + retries);
    }
    return new LockPolicy(lock, retries, statement);
  }

  /** How long to wait before attempt {@code retry} (1 for the first retry). */
  public Duration backoff(int retry) {
    long seconds = 1L << Math.min(Math.max(retry - 1, 0), 5);
    return Duration.ofSeconds(Math.min(seconds, MAX_BACKOFF.toSeconds()));
  }

  /** The value for PostgreSQL's {@code SET lock_timeout}: milliseconds, 0 for none. */
  public long lockTimeoutMillis() {
    return lockTimeout.toMillis();
  }

  public long statementTimeoutMillis() {
    return statementTimeout.toMillis();
  }

  private static Duration read(String text, String fallback, DurationRange range, String field) {
    try {
      return range.parseOrOff(text == null || text.isBlank() ? fallback : text.strip());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(field + ": " + e.getMessage());
    }
  }
}
