package io.dbmigrate.runner;

import io.dbmigrate.db.DatabaseEngine;
import io.dbmigrate.db.MigrationSessions;
import io.dbmigrate.db.SessionActivity;
import io.dbmigrate.db.SessionActivity.LockWait;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches the running migration from a second connection, so that a long or blocked migration is
 * never silent: the log says every 10 s which migration runs and for how long, says at once when it
 * starts waiting for a lock and who holds it, and the last lock wait seen is kept for the failure
 * message when the lock timeout ends the wait. Looking takes one small query on {@code
 * pg_stat_activity} (on MySQL/MariaDB a few on the process list and InnoDB's views) four times a
 * second, only while a migration runs.
 */
final class MigrationWatch implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(MigrationWatch.class);
  static final Duration LOOK_EVERY = Duration.ofMillis(250);
  static final Duration LOG_EVERY = Duration.ofSeconds(10);

  private final DataSource dataSource;
  private final DatabaseEngine engine;

  /** Started with the first migration: a run with nothing to apply needs no thread. */
  private ScheduledExecutorService looker;

  private Connection connection;
  private boolean unableToLook;

  private Running running;
  private LockWait lastWait;

  /** The migration being watched: its file, its session and when it started. */
  private record Running(String file, int pid, long startedNanos, long nextLogNanos) {
    Running loggedAt(long now) {
      return new Running(file, pid, startedNanos, now + LOG_EVERY.toNanos());
    }
  }

  MigrationWatch(DataSource dataSource, DatabaseEngine engine) {
    this.dataSource = dataSource;
    this.engine = engine;
  }

  /**
   * A migration started on the session {@code pid} (a connection id on MySQL); forgets the previous
   * one's lock wait.
   */
  synchronized void started(String file, int pid) {
    if (looker == null) {
      looker =
          Executors.newSingleThreadScheduledExecutor(
              task -> {
                Thread thread = new Thread(task, "dbmigrate-watch");
                thread.setDaemon(true);
                return thread;
              });
      looker.scheduleWithFixedDelay(
          this::look, LOOK_EVERY.toMillis(), LOOK_EVERY.toMillis(), TimeUnit.MILLISECONDS);
    }
    long now = System.nanoTime();
    running = new Running(file, pid, now, now + LOG_EVERY.toNanos());
    lastWait = null;
  }

  synchronized void ended() {
    running = null;
  }

  /** The last lock wait seen during the latest migration, or null. */
  synchronized LockWait lastWait() {
    return lastWait;
  }

  /** On the looker thread; the query runs without the monitor, so Flyway's thread never waits. */
  private void look() {
    Running watched;
    synchronized (this) {
      watched = running;
    }
    if (watched == null) {
      return;
    }
    LockWait wait = currentWait(watched.pid());
    synchronized (this) {
      if (running != watched) {
        return; // that migration ended while we looked
      }
      if (wait != null && isNew(wait)) {
        log.info("{} {}", watched.file(), wait.describeWaiting());
      }
      if (wait != null) {
        lastWait = wait;
      }
      long now = System.nanoTime();
      if (now >= watched.nextLogNanos()) {
        String runningFor =
            SessionActivity.describe(Duration.ofNanos(now - watched.startedNanos()));
        if (wait == null) {
          log.info("{} running {}", watched.file(), runningFor);
        } else {
          log.info("{} running {}, {}", watched.file(), runningFor, wait.describeWaiting());
        }
        running = watched.loggedAt(now);
      }
    }
  }

  private boolean isNew(LockWait wait) {
    return lastWait == null
        || !lastWait.lock().equals(wait.lock())
        || (lastWait.holder() == null) != (wait.holder() == null)
        || (wait.holder() != null && lastWait.holder().pid() != wait.holder().pid());
  }

  /** What the session waits for now; null when it waits for nothing or cannot be seen. */
  private LockWait currentWait(int pid) {
    if (unableToLook) {
      return null;
    }
    try {
      if (connection == null) {
        connection = dataSource.getConnection();
      }
      SessionActivity session = MigrationSessions.ofSession(engine, connection, pid);
      return session == null ? null : session.lockWait();
    } catch (SQLException e) {
      // Progress is still logged; only the lock details are lost. Never worth failing the run.
      log.info(
          "cannot look at the migration's session, lock waits will not be named: {}",
          e.getMessage());
      unableToLook = true;
      return null;
    }
  }

  @Override
  public void close() {
    ScheduledExecutorService started;
    synchronized (this) {
      started = looker;
    }
    if (started != null) {
      started.shutdownNow();
      try {
        started.awaitTermination(5, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    synchronized (this) {
      if (connection != null) {
        try {
          connection.close();
        } catch (SQLException e) {
          log.debug("closing the watch connection", e);
        }
      }
    }
  }
}
