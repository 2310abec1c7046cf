package io.dbmigrate.reconcile;

/** The labels the operator puts on what it creates. */
final class Labels {
  static final String MIGRATION = "dbmigrate.io/migration";

  /** migrate, plan or reset: what a Job does. */
  static final String JOB_KIND = "dbmigrate.io/job-kind";

  /** Opt-in label for Secrets and ConfigMaps whose changes should re-run a reconcile at once. */
  static final String WATCH = "dbmigrate.io/watch";

  static final String WATCH_ENABLED = "enabled";
  static final String MANAGED_BY = "app.kubernetes.io/managed-by";
  static final String OPERATOR = "dbmigrate-operator";

  /**
   * Set by the Job controller on every pod of a Job: the Job's uid, unique even across
   * re-creations.
   */
  static final String JOB_CONTROLLER_UID = "batch.kubernetes.io/controller-uid";

  private Labels() {}

  /** Label values are limited to 63 characters; resource names are not. */
  static String value(String name) {
    if (name.length() <= 63) {
      return name;
    }
    return name.substring(0, 54).replaceAll("[-.]+$", "")
        + "-"
        + InputDigest.sha256(name).substring(0, 8);
  }
}
