package io.dbmigrate.health;

/** The schema against the sources: pending, failed and changed migrations. */
public record MigrationsCheck(boolean healthy, int pending, String message) {}
