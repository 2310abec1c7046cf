package io.dbmigrate.api;

/** The one-word summary of a resource, shown by {@code kubectl get dbm}. */
public enum Phase {
  /** Preparing: the plan of a run that needs approval is being made. */
  Pending,
  Migrating,
  Ready,
  Failed,
  /** The plan in status.plan waits for the dbmigrate.io/approved-digest annotation. */
  AwaitingApproval
}
