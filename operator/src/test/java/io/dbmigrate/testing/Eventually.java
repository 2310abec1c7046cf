package io.dbmigrate.testing;

import java.time.Duration;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;

/** Waits for the operator to reach a state; fails with the last observed value. */
public final class Eventually {
  private Eventually() {}

  public static <T> T await(Duration timeout, Supplier<T> probe, Predicate<T> done, String what) {
    return await(timeout, probe, done, what, String::valueOf);
  }

  public static <T> T await(
      Duration timeout,
      Supplier<T> probe,
      Predicate<T> done,
      String what,
      Function<T, String> describe) {
    long deadline = System.nanoTime() + timeout.toNanos();
    T last = null;
    RuntimeException lastError = null;
    while (System.nanoTime() < deadline) {
      try {
        last = probe.get();
        lastError = null;
        if (done.test(last)) {
          return last;
        }
      } catch (RuntimeException e) {
        lastError = e;
      }
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted while waiting for " + what, e);
      }
    }
    throw new AssertionError(
        "timed out after "
            + timeout
            + " waiting for "
            + what
            + "; last seen: "
            + describe.apply(last),
        lastError);
  }
}
