package io.dbmigrate.api;

/** The one-word summary of a resource, shown by {@code kubectl get dbm}. */
public enum Phase {
  Migrating,
  Ready,
  Failed
}
