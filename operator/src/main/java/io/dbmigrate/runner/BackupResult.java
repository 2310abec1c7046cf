package io.dbmigrate.runner;

/**
 * The {@code pg_dump} taken before a run changed anything.
 *
 * @param file the plain SQL dump, as written ({@code DIR/<database>-<UTC timestamp>.sql})
 * @param sizeBytes its size
 */
public record BackupResult(String file, long sizeBytes) {}
