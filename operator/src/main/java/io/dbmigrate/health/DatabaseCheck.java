package io.dbmigrate.health;

/**
 * The {@code SELECT 1} check.
 *
 * @param latencyMs borrowing a pooled connection plus the query, with sub-millisecond precision
 * @param error why the database did not answer, naming host, port and user, never the password
 */
public record DatabaseCheck(boolean healthy, double latencyMs, String error) {}
