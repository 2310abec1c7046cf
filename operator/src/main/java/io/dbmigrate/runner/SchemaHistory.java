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
  /**
   * The schema a run would refuse: it has tables or views but no schema history table (Flyway's
   * "non-empty schema without a schema history table"). Tables and views only, by the driver's
   * metadata: enough to tell a database someone else created from an empty one.
   *
   * @param schema the history's schema, or null for the connection's current one
   */
  static boolean objectsWithoutHistory(
      Connection connection, EngineSql sql, String schema, String table) throws SQLException {
    String current =
        sql.engine().isMySqlFamily() ? connection.getCatalog() : connection.getSchema();
    String where = schema == null || schema.isBlank() ? current : schema;
    boolean byCatalog = sql.engine().isMySqlFamily();
    String catalog = byCatalog ? where : null;
    String schemaPattern = byCatalog ? null : where;
    var metadata = connection.getMetaData();
    try (ResultSet history = metadata.getTables(catalog, schemaPattern, table, null)) {
      if (history.next()) {
        return false;
      }
    }
    try (ResultSet objects =
        metadata.getTables(catalog, schemaPattern, "%", new String[] {"TABLE", "VIEW"})) {
      return objects.next();
    }
  }

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
