package io.dbmigrate.api;

/** What became of a reset request: the words of {@code status.reset.result}. */
public enum ResetResult {
  Running,
  Succeeded,
  Failed,
  /** Not acted on: not a development database, or resets not allowed by the spec. */
  Refused
}
