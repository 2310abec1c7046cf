package io.dbmigrate.runner;

/**
 * Where a database's schema stands against its migration sources.
 *
 * @param inPlace nothing pending, no failed row in the history, no applied migration changed
 * @param pending migrations in the sources (up to the target) not yet applied
 * @param message {@code 0 pending, no drift}, or what is wrong; never the password
 * @param conclusive false when the inspection itself failed (no connection, say): worth retrying
 */
public record SchemaState(
    boolean inPlace, int pending, String message, boolean conclusive, InfoCounts counts) {
  public SchemaState(boolean inPlace, int pending, String message, boolean conclusive) {
    this(inPlace, pending, message, conclusive, null);
  }

  static SchemaState of(boolean inPlace, int pending, String message) {
    return new SchemaState(inPlace, pending, message, true);
  }

  /** The same state with Flyway's info counts, when the history could be read. */
  SchemaState counting(InfoCounts infoCounts) {
    return new SchemaState(inPlace, pending, message, conclusive, infoCounts);
  }
}
