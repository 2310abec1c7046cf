package io.dbmigrate.db;

import java.time.Duration;
import java.util.regex.Pattern;

/**
 * One database session as {@code pg_stat_activity} shows it: what it runs, for how long, and — when
 * it waits for a lock — which lock and which session holds it. The runner reads its own migration
 * session this way; the operator reads the runner's session through its health pool.
 *
 * @param pid the backend's process id
 * @param applicationName as the session set it
 * @param running how long its current statement has run (null when unknown)
 * @param lockWait the lock it waits for, or null when it is not waiting for one
 */
public record SessionActivity(
    int pid, String applicationName, Duration running, LockWait lockWait) {
  /** What {@code CREATE INDEX CONCURRENTLY} waits for: a wait with no lock on a table. */
  static final String OLDER_TRANSACTIONS =
      "older transactions to end (CREATE INDEX CONCURRENTLY waits for them)";

  /**
   * A lock a session waits for.
   *
   * @param lock what is waited for, in words: {@code a lock on table orders}, {@code a row lock}
   * @param mode the mode asked for ({@code AccessExclusiveLock})
   * @param waited how long the session has waited (null before PostgreSQL 14)
   * @param holder the session that holds it, or null when it could not be seen
   */
  public record LockWait(String lock, String mode, Duration waited, Holder holder) {
    /** {@code waiting 30 s for a lock on table orders held by pid 4242 (...)}. */
    public String describeWaiting() {
      return "waiting "
          + (waited == null ? "" : SessionActivity.describe(waited) + " ")
          + "for "
          + describe();
    }

    /** {@code a lock on table orders held by pid 4242 (billing-api, user app, ...)}. */
    public String describe() {
      if (holder == null) {
        return lock + " (the session holding it could not be seen)";
      }
      return lock + (OLDER_TRANSACTIONS.equals(lock) ? ", the oldest " : " held by ") + holder;
    }
  }

  /**
   * The session that holds a lock someone waits for.
   *
   * @param state {@code active}, {@code idle in transaction}, ...; null when this user may not see
   *     it
   * @param stateFor how long it has been in that state
   * @param query its current or last statement, cut short and with passwords masked
   */
  public record Holder(
      int pid, String applicationName, String user, String state, Duration stateFor, String query) {
    static final int QUERY_LENGTH = 120;
    private static final Pattern PASSWORD_LITERAL =
        Pattern.compile("(?i)(password\\s*(=\\s*)?)'(?:[^']|'')*'");

    public Holder {
      query = query == null ? null : shortQuery(query);
    }

    /** {@code pid 4242 (billing-api, user app, idle in transaction for 12 min: SELECT …)}. */
    @Override
    public String toString() {
      StringBuilder text = new StringBuilder("pid ").append(pid).append(" (");
      if (applicationName != null && !applicationName.isBlank()) {
        text.append(applicationName).append(", ");
      }
      text.append("user ").append(user);
      if (state == null) {
        text.append("; its state and query are hidden: grant pg_read_all_stats to see them");
      } else {
        text.append(", ").append(state);
        if (stateFor != null) {
          text.append(" for ").append(SessionActivity.describe(stateFor));
        }
        if (query != null && !query.isBlank()) {
          text.append(": ").append(query);
        }
      }
      return text.append(')').toString();
    }

    /** One line, bounded, and no password a statement such as ALTER ROLE may carry. */
    private static String shortQuery(String query) {
      String line = PASSWORD_LITERAL.matcher(query.strip()).replaceAll("$1'" + Redactor.MASK + "'");
      line = line.replaceAll("\\s+", " ");
      return line.length() <= QUERY_LENGTH ? line : line.substring(0, QUERY_LENGTH - 1) + "…";
    }
  }

  /** A coarse, readable length: {@code 800 ms}, {@code 40 s}, {@code 12 min}, {@code 2 h 5 min}. */
  public static String describe(Duration duration) {
    long seconds = duration.toSeconds();
    if (seconds < 1) {
      return duration.toMillis() + " ms";
    }
    if (seconds < 120) {
      return seconds + " s";
    }
    if (seconds < 2 * 3600) {
      return seconds / 60 + " min";
    }
    long minutes = seconds / 60 % 60;
    return seconds / 3600 + " h" + (minutes == 0 ? "" : " " + minutes + " min");
  }
}
