package io.dbmigrate.runner;

/**
 * Where a database's schema stands against its migration sources.
 *
 * @param inPlace nothing pending, no failed row in the history, no applied migration changed
 * @param pending migrations in the sources (up to the target) not yet applied
 * @param message {@code 0 pending, no drift}, or what is wrong; never the password
 */
public record SchemaState(boolean inPlace, int pending, String message) {}
