package io.dbmigrate.api;

import com.fasterxml.jackson.annotation.JsonInclude;

@JsonInclude(JsonInclude.Include.NON_NULL)
public class HealthChecks {
  private DatabaseCheckStatus database;
  private MigrationsCheckStatus migrations;

  public DatabaseCheckStatus getDatabase() {
    return database;
  }

  public void setDatabase(DatabaseCheckStatus database) {
    this.database = database;
  }

  public MigrationsCheckStatus getMigrations() {
    return migrations;
  }

  public void setMigrations(MigrationsCheckStatus migrations) {
    this.migrations = migrations;
  }
}
