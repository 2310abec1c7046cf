package io.dbmigrate.reconcile;

import io.dbmigrate.api.JobResult;

/**
 * An Event the decision asks for. Its name is derived from the resource, the reason and the key, so
 * the same announcement twice is one Event: a {@link Repeat#ONCE} announcement is recorded the
 * first time only (a Job's end, even when a stale cache brings the same end again), a {@link
 * Repeat#COUNT} one bumps the Event's count and last timestamp, as {@code kubectl describe} shows
 * ("x3 over 10m").
 *
 * @param key what makes two announcements of one reason different (a Job's uid, a token)
 * @param jobRun set on the end of a Job that ran migrations: counted in the metrics with the Event
 */
record Announcement(
    boolean warning, String reason, String key, String message, Repeat repeat, JobRun jobRun) {
  enum Repeat {
    ONCE,
    COUNT
  }

  /** How a migration run ended, for the Job metrics. */
  record JobRun(JobResult result, Long durationMs) {}

  static Announcement once(boolean warning, String reason, String key, String message) {
    return new Announcement(warning, reason, key, message, Repeat.ONCE, null);
  }

  static Announcement counted(boolean warning, String reason, String key, String message) {
    return new Announcement(warning, reason, key, message, Repeat.COUNT, null);
  }

  Announcement countingRun(JobRun run) {
    return new Announcement(warning, reason, key, message, repeat, run);
  }
}
