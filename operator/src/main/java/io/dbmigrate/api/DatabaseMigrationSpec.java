package io.dbmigrate.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;

@JsonInclude(JsonInclude.Include.NON_NULL)
public class DatabaseMigrationSpec {
  public static final String DEFAULT_ENVIRONMENT = "production";

  @Required
  @JsonPropertyDescription("The database to migrate; connection settings come from Secrets.")
  private DatabaseSpec database;

  @Default(DEFAULT_ENVIRONMENT)
  @Pattern("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$")
  @JsonPropertyDescription(
      "Name of the environment (development, staging, production, ...). "
          + "Destructive actions are only ever allowed in development.")
  private String environment;

  @Required
  @JsonPropertyDescription("Where the migrations come from.")
  private MigrationsSpec migrations;

  @JsonPropertyDescription("Settings of the Job that applies the migrations.")
  private JobSpec job;

  @JsonPropertyDescription("How the operator checks the database's health and latency.")
  private HealthSpec health;

  public DatabaseSpec getDatabase() {
    return database;
  }

  public void setDatabase(DatabaseSpec database) {
    this.database = database;
  }

  public String getEnvironment() {
    return environment;
  }

  public void setEnvironment(String environment) {
    this.environment = environment;
  }

  public MigrationsSpec getMigrations() {
    return migrations;
  }

  public void setMigrations(MigrationsSpec migrations) {
    this.migrations = migrations;
  }

  public JobSpec getJob() {
    return job;
  }

  public void setJob(JobSpec job) {
    this.job = job;
  }

  public HealthSpec getHealth() {
    return health;
  }

  public void setHealth(HealthSpec health) {
    this.health = health;
  }
}
