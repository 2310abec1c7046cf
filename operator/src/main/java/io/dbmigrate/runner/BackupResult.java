package io.dbmigrate.runner;

/**
 * The dump ({@code pg_dump}, {@code mariadb-dump}) taken before a run changed anything.
 *
 * @param file the plain SQL dump, as written ({@code DIR/<database>-<UTC timestamp>.sql})
 * @param sizeBytes its size
 */
public record BackupResult(String file, long sizeBytes) {}
