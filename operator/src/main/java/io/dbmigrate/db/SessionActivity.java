package io.dbmigrate.db;

import java.time.Duration;
import java.util.regex.Pattern;

/**
 * One database session as {@code pg_stat_activity} (or MySQL's process list) shows it: what it
 * runs, for how long, and — when it waits for a lock — which lock and which session holds it. The
 * runner reads its own migration session this way; the operator reads the runner's session through
 * its health pool.
 *
 * @param pid the backend's process id, or the MySQL/MariaDB connection id
 * @param applicationName as the session set it; on MySQL/MariaDB the name of the user lock that
 *     marks a migration session (see {@link MigrationLocks})
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
   * @param mode the mode asked for ({@code AccessExclusiveLock}, {@code X}; null when unknown)
   * @param waited how long the session has waited (null before PostgreSQL 14)
   * @param holder the session that holds it, or null when it could not be seen
   * @param unseen why the holder could not be seen and how to see it, or null for no reason known
   */
  public record LockWait(String lock, String mode, Duration waited, Holder holder, String unseen) {
    public LockWait(String lock, String mode, Duration waited, Holder holder) {
      this(lock, mode, waited, holder, null);
    }

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
        return lock
            + " ("
            + (unseen == null ? "the session holding it could not be seen" : unseen)
            + ")";
      }
      if (OLDER_TRANSACTIONS.equals(lock)) {
        return lock + ", the oldest " + holder;
      }
      return lock
          + (holder.guessed() ? " probably held by the oldest open transaction, " : " held by ")
          + holder;
    }
  }

  /**
   * The session that holds a lock someone waits for.
   *
   * @param kind what {@code pid} numbers: a PostgreSQL backend or a MySQL/MariaDB connection
   * @param pid the backend's process id, or the connection's id (what KILL takes)
   * @param applicationName as the session set it (PostgreSQL), or null
   * @param host the client's host and port (MySQL/MariaDB), or null
   * @param state {@code active}, {@code idle in transaction}, ...; null when this user may not see
   *     it
   * @param stateFor how long it has been in that state
   * @param query its current or last statement, cut short and with passwords masked
   * @param guessed whether it is only the likeliest holder: MariaDB does not say who holds a
   *     metadata lock, so the oldest open transaction is named
   */
  public record Holder(
      Kind kind,
      int pid,
      String applicationName,
      String user,
      String host,
      String state,
      Duration stateFor,
      String query,
      boolean guessed) {
    static final int QUERY_LENGTH = 120;
    private static final Pattern PASSWORD_LITERAL =
        Pattern.compile("(?i)(password\\s*(=\\s*)?)'(?:[^']|'')*'");

    /** What a holder's number is, as a DBA would say it. */
    public enum Kind {
      BACKEND("pid"),
      CONNECTION("connection");

      private final String noun;

      Kind(String noun) {
        this.noun = noun;
      }
    }

    public Holder {
      query = query == null ? null : shortQuery(query);
    }

    /** A PostgreSQL backend. */
    public Holder(
        int pid,
        String applicationName,
        String user,
        String state,
        Duration stateFor,
        String query) {
      this(Kind.BACKEND, pid, applicationName, user, null, state, stateFor, query, false);
    }

    /** A MySQL/MariaDB connection. */
    public static Holder connection(
        int id,
        String user,
        String host,
        String state,
        Duration stateFor,
        String query,
        boolean guessed) {
      return new Holder(Kind.CONNECTION, id, null, user, host, state, stateFor, query, guessed);
    }

    /**
     * {@code pid 4242 (billing-api, user app, idle in transaction for 12 min: SELECT …)}, {@code
     * connection 42 (user app, host 10.0.0.7:51234, active for 3 s: UPDATE …)}.
     */
    @Override
    public String toString() {
      StringBuilder text = new StringBuilder(kind.noun).append(' ').append(pid).append(" (");
      if (applicationName != null && !applicationName.isBlank()) {
        text.append(applicationName).append(", ");
      }
      text.append("user ").append(user);
      if (host != null && !host.isBlank()) {
        text.append(", host ").append(host);
      }
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
