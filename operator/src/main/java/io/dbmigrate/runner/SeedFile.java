package io.dbmigrate.runner;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** One seed file as read at the start of the run; its checksum decides whether it runs again. */
record SeedFile(String name, String sql, String checksum) {
  static SeedFile of(String name, byte[] content) {
    return new SeedFile(name, new String(content, StandardCharsets.UTF_8), sha256(content));
  }

  private static String sha256(byte[] content) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }
}
