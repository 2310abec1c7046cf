package io.dbmigrate.health;

import io.dbmigrate.db.SessionActivity;
import io.dbmigrate.db.SessionActivity.LockWait;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The migration a running Job applies, as its database session shows it, and the lock it waits for.
 * A new look that sees the same migration waiting for the same lock held by the same session keeps
 * the earlier snapshot, texts and all: the status changes when the situation does, not with every
 * second that passes.
 *
 * @param script the migration file
 * @param startedAt when it was first seen running
 * @param lockWait the lock it has waited for longer than {@link #WORTH_REPORTING}, or null
 * @param waitingSince since when it waits for that lock (null when not waiting)
 */
public record RunningMigration(
    String script, Instant startedAt, LockWait lockWait, Instant waitingSince) {
  /** Shorter waits are the everyday kind; reporting them would only churn the status. */
  public static final Duration WORTH_REPORTING = Duration.ofSeconds(2);

  public boolean waiting() {
    return lockWait != null;
  }

  /**
   * What a look at the sessions named {@code <session> <file>} shows, given the previous snapshot.
   * No such session (between two migrations, or while a retry backs off) keeps the previous one.
   *
   * @param files the migration file names, to complete a name PostgreSQL cut at 63 characters
   */
  static Optional<RunningMigration> seen(
      Optional<RunningMigration> previous,
      String session,
      List<SessionActivity> sessions,
      Collection<String> files,
      Instant now) {
    String prefix = session + " ";
    for (SessionActivity activity : sessions) {
      String name = activity.applicationName();
      if (name == null || !name.startsWith(prefix)) {
        continue;
      }
      String script = complete(name.substring(prefix.length()), files);
      RunningMigration same = previous.filter(p -> p.script.equals(script)).orElse(null);
      Instant startedAt =
          same != null
              ? same.startedAt
              : now.minus(Objects.requireNonNullElse(activity.running(), Duration.ZERO));
      LockWait lockWait = activity.lockWait();
      if (lockWait == null
          || (lockWait.waited() != null && lockWait.waited().compareTo(WORTH_REPORTING) < 0)) {
        return Optional.of(
            same != null && !same.waiting()
                ? same
                : new RunningMigration(script, startedAt, null, null));
      }
      if (same != null && same.waiting() && sameLock(same.lockWait, lockWait)) {
        return Optional.of(same);
      }
      Instant since = now.minus(Objects.requireNonNullElse(lockWait.waited(), Duration.ZERO));
      return Optional.of(new RunningMigration(script, startedAt, lockWait, since));
    }
    return previous;
  }

  private static boolean sameLock(LockWait a, LockWait b) {
    return a.lock().equals(b.lock())
        && Objects.equals(
            a.holder() == null ? null : a.holder().pid(),
            b.holder() == null ? null : b.holder().pid());
  }

  /** PostgreSQL keeps 63 bytes of an application_name; the file list has the whole name. */
  private static String complete(String script, Collection<String> files) {
    if (files.contains(script)) {
      return script;
    }
    List<String> candidates = files.stream().filter(f -> f.startsWith(script)).toList();
    return candidates.size() == 1 ? candidates.get(0) : script;
  }

  /**
   * {@code V12__add_column.sql waiting since 2026-11-27T10:00:02Z for a lock on table orders held
   * by pid 4242 (...)}, or {@code ... running since ...}: the same text for as long as the
   * situation lasts.
   */
  public String describe() {
    return waiting()
        ? script + " waiting since " + seconds(waitingSince) + " for " + lockWait.describe()
        : script + " running since " + seconds(startedAt);
  }

  public static String seconds(Instant instant) {
    return instant.truncatedTo(ChronoUnit.SECONDS).toString();
  }
}
