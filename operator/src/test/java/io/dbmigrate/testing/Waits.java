package io.dbmigrate.testing;

import java.time.Duration;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionFactory;
import org.awaitility.core.ThrowingRunnable;

/** The one setting of every wait in the tests: Awaitility, 60 s at most, a poll every 50 ms. */
public final class Waits {
  /** Long enough for a reconcile and a Job on a busy two-core machine. */
  public static final Duration TIMEOUT = Duration.ofSeconds(60);

  private static final Duration POLL = Duration.ofMillis(50);

  private Waits() {}

  /**
   * {@code await(what).until(probe, done)} or {@code .untilAsserted(...)}; {@code what} names the
   * wait in the timeout's message. A probe that throws (a request to an API server or endpoint that
   * is restarting) is tried again, and the last exception is the timeout's cause.
   */
  public static ConditionFactory await(String what) {
    return Awaitility.await(what).atMost(TIMEOUT).pollInterval(POLL).ignoreExceptions();
  }

  /**
   * Checks that {@code assertion} holds all through {@code period}, for a test that something does
   * not happen (no second Job, no status write) in that time.
   */
  public static void holdsFor(Duration period, ThrowingRunnable assertion) {
    Awaitility.await()
        .during(period)
        .atMost(period.plusSeconds(1))
        .pollInterval(POLL)
        .untilAsserted(assertion);
  }
}
