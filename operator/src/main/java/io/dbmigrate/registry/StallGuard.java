package io.dbmigrate.registry;

import java.io.Closeable;
import java.io.IOException;
import java.time.Duration;

/**
 * Bounds a download that stops: the JDK's HTTP client has no read timeout once the headers are in,
 * so a watcher closes the body and interrupts the reading thread when no byte has come for the
 * limit. Both are needed on Java 17: the blocked read swallows the interrupt, and then sees the
 * stream closed. Closing the guard (from the reading thread) ends the watcher and clears an
 * interrupt it may have left, so nothing after the download sees it.
 */
final class StallGuard implements AutoCloseable {
  private final Thread reader = Thread.currentThread();
  private final Closeable body;
  private final long limitNanos;
  private final Thread watcher;
  private volatile long lastProgress = System.nanoTime();
  private boolean closed;
  private boolean stalled;

  StallGuard(Closeable body, Duration limit) {
    this.body = body;
    this.limitNanos = limit.toNanos();
    this.watcher = new Thread(this::watch, "dbmigrate-pull-stall-guard");
    watcher.setDaemon(true);
    watcher.start();
  }

  void progressed() {
    lastProgress = System.nanoTime();
  }

  synchronized boolean stalled() {
    return stalled;
  }

  private void watch() {
    while (true) {
      long idle = System.nanoTime() - lastProgress;
      synchronized (this) {
        if (closed) {
          return;
        }
        if (idle >= limitNanos) {
          stalled = true;
          closeBody();
          reader.interrupt();
          return;
        }
      }
      try {
        Thread.sleep(Math.max(1, (limitNanos - idle) / 1_000_000));
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  private void closeBody() {
    try {
      body.close();
    } catch (IOException e) {
      // the reader fails either way
    }
  }

  @Override
  public void close() {
    synchronized (this) {
      closed = true;
      if (stalled) {
        Thread.interrupted(); // ours, not the caller's
      }
    }
    watcher.interrupt();
  }
}
