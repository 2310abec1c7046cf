package io.dbmigrate.db;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How a MySQL/MariaDB migration session is marked so that the operator finds it. There is no
 * application_name there: while the runner's migration connection applies a file it holds the
 * user-level lock {@code <session> <file>} (taken with GET_LOCK without waiting), and the operator
 * asks IS_USED_LOCK for each file it knows, which answers with the connection's id. A user lock
 * needs no privilege and no table; a session may hold several since MariaDB 10.0.2 and MySQL 5.7,
 * so Flyway's own GET_LOCK on the same connection is untouched (its name starts with "Flyway").
 */
public final class MigrationLocks {
  /** MySQL refuses longer lock names. */
  static final int MAX_NAME = 64;

  /** Hex digits of the file's hash that stand for the cut end of a long name. */
  private static final int HASH_LENGTH = 8;

  /** Files asked about per query: one column each. */
  private static final int BATCH = 500;

  private MigrationLocks() {}

  /**
   * {@code dbmigrate:1a2b3c4d5e V12__add_column.sql}; a name longer than MySQL allows keeps its
   * start and ends in a hash of the whole file name, so that two long names never share a lock.
   */
  public static String name(String session, String file) {
    String name = session + " " + file;
    if (name.length() <= MAX_NAME) {
      return name;
    }
    return name.substring(0, MAX_NAME - HASH_LENGTH - 1) + "~" + hash(file);
  }

  /**
   * The connection's id, and whether it now holds the lock {@code name} (false when another session
   * holds it).
   */
  public record Mark(int connectionId, boolean taken) {}

  /** Marks the connection as applying this file; one round trip, as it is paid per migration. */
  public static Mark take(Connection connection, String name) throws SQLException {
    try (PreparedStatement statement =
        connection.prepareStatement("SELECT CONNECTION_ID(), GET_LOCK(?, 0)")) {
      statement.setString(1, name);
      try (ResultSet row = statement.executeQuery()) {
        row.next();
        return new Mark(row.getInt(1), row.getInt(2) == 1);
      }
    }
  }

  public static void release(Connection connection, String name) throws SQLException {
    try (PreparedStatement statement = connection.prepareStatement("SELECT RELEASE_LOCK(?)")) {
      statement.setString(1, name);
      statement.executeQuery().close();
    }
  }

  /** The connections applying one of {@code files} for {@code session}: id to file. */
  public static Map<Integer, String> holders(
      Connection connection, String session, Collection<String> files) throws SQLException {
    Map<Integer, String> holders = new LinkedHashMap<>();
    List<String> all = new ArrayList<>(files);
    for (int from = 0; from < all.size(); from += BATCH) {
      List<String> batch = all.subList(from, Math.min(all.size(), from + BATCH));
      String columns = String.join(", ", batch.stream().map(file -> "IS_USED_LOCK(?)").toList());
      try (PreparedStatement statement = connection.prepareStatement("SELECT " + columns)) {
        for (int i = 0; i < batch.size(); i++) {
          statement.setString(i + 1, name(session, batch.get(i)));
        }
        try (ResultSet row = statement.executeQuery()) {
          row.next();
          for (int i = 0; i < batch.size(); i++) {
            int id = row.getInt(i + 1);
            if (!row.wasNull()) {
              holders.put(id, batch.get(i));
            }
          }
        }
      }
    }
    return holders;
  }

  private static String hash(String file) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(file.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest).substring(0, HASH_LENGTH);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }
}
