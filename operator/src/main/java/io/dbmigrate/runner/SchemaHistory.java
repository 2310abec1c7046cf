package io.dbmigrate.runner;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.flywaydb.core.api.FlywayException;

/** Reads Flyway's schema history table directly, for the figures Flyway's result lacks. */
final class SchemaHistory {
  /** Rows that are bookkeeping, not migrations. */
  private static final String NOT_MIGRATIONS =
      "('SCHEMA', 'BASELINE', 'DELETE', 'UNDO_SQL', 'UNDO_JDBC', 'UNDO_SCRIPT')";

  private SchemaHistory() {}

  /**
   * Successful versioned migrations, plus each repeatable migration once however often it was
   * re-applied: the count {@code flyway info} shows as applied.
   */
  static int countApplied(Connection connection, EngineSql sql, String schema, String table) {
    // Flyway leaves the schema out when it used the connection's current one.
    String history =
        schema == null || schema.isBlank()
            ? sql.quote(table)
            : sql.quote(schema) + "." + sql.quote(table);
    String query =
        "SELECT"
            + " (SELECT count(DISTINCT version) FROM "
            + history
            + "   WHERE success AND version IS NOT NULL AND type NOT IN "
            + NOT_MIGRATIONS
            + ")"
            + " + (SELECT count(DISTINCT script) FROM "
            + history
            + "   WHERE success AND version IS NULL AND type NOT IN "
            + NOT_MIGRATIONS
            + ")";
    try (Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery(query)) {
      rows.next();
      return rows.getInt(1);
    } catch (SQLException e) {
      throw new FlywayException(
          "cannot read the schema history " + history + ": " + e.getMessage(), e);
    }
  }
}
