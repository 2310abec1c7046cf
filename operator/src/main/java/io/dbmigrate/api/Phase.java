package io.dbmigrate.api;

/** The one-word summary of a resource, shown by {@code kubectl get dbm}. */
public enum Phase {
  /**
   * Preparing: the plan of a run that needs approval is being made, or the run waits for the
   * database to answer before its Job starts.
   */
  Pending,
  Migrating,
  Ready,
  Failed,
  /** The plan in status.plan waits for the dbmigrate.io/approved-digest annotation. */
  AwaitingApproval
}
