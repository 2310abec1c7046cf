package io.dbmigrate.reconcile;

/**
 * {@code <resource name>-<first 8 hex of the input digest>}: deterministic, so creating the Job
 * twice is an AlreadyExists and never a second run; at most 63 characters, because the Job's
 * name becomes a label value on its pods.
 */
final class JobNames {
  static final int DIGEST_PREFIX = 8;
  private static final int MAX = 63;

  private JobNames() {}

  static String forDigest(String resourceName, String digest) {
    String prefix = resourceName;
    int room = MAX - DIGEST_PREFIX - 1;
    if (prefix.length() > room) {
      prefix = prefix.substring(0, room).replaceAll("[-.]+$", "");
    }
    return prefix + "-" + digest.substring(0, DIGEST_PREFIX);
  }
}
