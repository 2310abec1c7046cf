package io.dbmigrate.reconcile;

import io.dbmigrate.runner.RunOptions;

/**
 * {@code <resource name>-<first 8 hex of the input digest>}: deterministic, so creating the Job
 * twice is an AlreadyExists and never a second run; at most 63 characters, because the Job's name
 * becomes a label value on its pods. A name too long for that is cut and marked with a hash of the
 * whole name, so two resources whose names differ only past the cut never share a Job.
 */
final class JobNames {
  static final int DIGEST_PREFIX = 8;
  private static final int NAME_HASH = 6;
  private static final int MAX = 63;
  private static final int SESSION_HASH = 10;

  private JobNames() {}

  static String forDigest(String resourceName, String digest) {
    return name(resourceName, "", digest);
  }

  /** The plan of an input that needs approval: {@code <name>-plan-<digest prefix>}. */
  static String forPlan(String resourceName, String digest) {
    return name(resourceName, "-plan", digest);
  }

  /** A reset, once per request token: {@code <name>-reset-<hash of the token>}. */
  static String forReset(String resourceName, String token) {
    return name(resourceName, "-reset", InputDigest.sha256(token));
  }

  /** A repair, once per request token: {@code <name>-repair-<hash of the token>}. */
  static String forRepair(String resourceName, String token) {
    return name(resourceName, "-repair", InputDigest.sha256(token));
  }

  /**
   * What the Job's migration session calls itself in {@code pg_stat_activity}, before the file
   * name: {@code dbmigrate:<10 hex>}, unique per Job and short enough to leave the file name room
   * in PostgreSQL's 63 characters. The operator finds the Job's session by it (on MySQL/MariaDB by
   * the user lock of that name the session holds).
   */
  static String session(String namespace, String jobName) {
    return RunOptions.DEFAULT_APPLICATION_NAME
        + ":"
        + InputDigest.sha256(namespace + "/" + jobName).substring(0, SESSION_HASH);
  }

  private static String name(String resourceName, String kind, String hash) {
    String prefix = resourceName;
    int room = MAX - DIGEST_PREFIX - 1 - kind.length();
    if (prefix.length() > room) {
      String nameHash = InputDigest.sha256(resourceName).substring(0, NAME_HASH);
      prefix = prefix.substring(0, room - NAME_HASH - 1).replaceAll("[-.]+$", "") + "-" + nameHash;
    }
    return prefix + kind + "-" + hash.substring(0, DIGEST_PREFIX);
  }
}
