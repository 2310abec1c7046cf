package io.dbmigrate.db;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Which pool serves a database: a SHA-256 over URL, user and password, so resources that share a
 * database share a pool, and a changed password (a rotated Secret) gets a new one. The hash stays
 * inside {@link ConnectionPools}: it is derived from the password and is never logged, named in a
 * pool or a metric, or shown anywhere.
 */
record PoolKey(String hash) {
  static PoolKey of(ConnectionSettings settings) {
    String identity =
        nullToEmpty(settings.jdbcUrl())
            + '\0'
            + nullToEmpty(settings.username())
            + '\0'
            + nullToEmpty(settings.password());
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(identity.getBytes(StandardCharsets.UTF_8));
      return new PoolKey(HexFormat.of().formatHex(digest));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }

  private static String nullToEmpty(String value) {
    return value == null ? "" : value;
  }

  @Override
  public String toString() {
    return "PoolKey[****]";
  }
}
