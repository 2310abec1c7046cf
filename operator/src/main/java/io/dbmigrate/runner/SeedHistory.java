package io.dbmigrate.runner;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;
import org.flywaydb.core.Flyway;

/**
 * The runner's record of applied seed files, {@value #TABLE}, beside Flyway's history in the same
 * schema (so a reset's clean drops both). One row per seed and file; a file runs again only when
 * its checksum changes.
 */
final class SeedHistory {
  static final String TABLE = "dbmigrate_seed_history";

  private final EngineSql sql;
  private final String schema;
  private final String table;

  /**
   * @param schema the schema of Flyway's history; null when it does not exist yet
   */
  SeedHistory(EngineSql sql, String schema) {
    this.sql = sql;
    this.schema = schema;
    this.table = schema == null ? null : sql.quote(schema) + "." + sql.quote(TABLE);
  }

  /**
   * Beside Flyway's history: its configured default schema (or first schema), else the connection's
   * current one, which is where Flyway puts its table (null while that schema does not exist).
   */
  static SeedHistory besideFlyway(Flyway flyway, Connection connection, EngineSql sql)
      throws SQLException {
    String configured = flyway.getConfiguration().getDefaultSchema();
    String[] schemas = flyway.getConfiguration().getSchemas();
    if ((configured == null || configured.isBlank()) && schemas.length > 0) {
      configured = schemas[0];
    }
    if (configured != null && !configured.isBlank()) {
      return new SeedHistory(sql, configured);
    }
    try (Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery(sql.currentSchemaQuery())) {
      rows.next();
      return new SeedHistory(sql, rows.getString(1));
    }
  }

  boolean exists(Connection connection) throws SQLException {
    if (schema == null) {
      return false;
    }
    try (PreparedStatement query =
        connection.prepareStatement(
            "SELECT 1 FROM information_schema.tables WHERE table_schema = ? AND table_name = ?")) {
      query.setString(1, schema);
      query.setString(2, TABLE);
      try (ResultSet rows = query.executeQuery()) {
        return rows.next();
      }
    }
  }

  void createIfMissing(Connection connection) throws SQLException {
    if (schema == null) {
      throw new SQLException("no schema for " + TABLE + ": " + sql.currentSchemaSource());
    }
    try (Statement statement = connection.createStatement()) {
      statement.execute(sql.createSeedHistory(table));
    }
  }

  /** File name → checksum of what was applied; empty when the table does not exist (read-only). */
  Map<String, String> checksums(Connection connection, String seed) throws SQLException {
    Map<String, String> checksums = new HashMap<>();
    if (!exists(connection)) {
      return checksums;
    }
    try (PreparedStatement query =
        connection.prepareStatement("SELECT file, checksum FROM " + table + " WHERE seed = ?")) {
      query.setString(1, seed);
      try (ResultSet rows = query.executeQuery()) {
        while (rows.next()) {
          checksums.put(rows.getString(1), rows.getString(2));
        }
      }
    }
    return checksums;
  }

  /**
   * Records an applied file, in the caller's transaction, so the file and its row commit together.
   */
  void record(
      Connection connection, String seed, SeedFile file, String environment, long durationMs)
      throws SQLException {
    try (PreparedStatement upsert = connection.prepareStatement(sql.recordSeedFile(table))) {
      upsert.setString(1, seed);
      upsert.setString(2, file.name());
      upsert.setString(3, file.checksum());
      upsert.setString(4, environment);
      upsert.setLong(5, durationMs);
      upsert.executeUpdate();
    }
  }
}
