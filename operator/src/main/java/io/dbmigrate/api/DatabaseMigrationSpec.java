package io.dbmigrate.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.dbmigrate.config.Environments;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import java.util.List;

@JsonInclude(JsonInclude.Include.NON_NULL)
public class DatabaseMigrationSpec {

  @Required
  @JsonPropertyDescription("The database to migrate; connection settings come from Secrets.")
  private DatabaseSpec database;

  @Default(Environments.DEFAULT)
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

  @JsonPropertyDescription(
      "Seed data applied after the migrations, each in the environments it names.")
  private List<SeedSpec> seeds;

  @JsonPropertyDescription("Require an approval of the plan before anything is applied.")
  private ApprovalSpec approval;

  @JsonPropertyDescription(
      "A dump of the database (pg_dump, mariadb-dump) before each run that changes something.")
  private BackupSpec backup;

  @JsonPropertyDescription(
      "Allow the dbmigrate.io/reset-requested annotation to clean, migrate and seed the database; only ever honoured with environment development.")
  private Boolean allowReset;

  @JsonPropertyDescription(
      "Flyway settings: placeholders (inline, from ConfigMaps and Secrets), schemas, history table,"
          + " baseline, out of order, file naming and more.")
  private FlywaySpec flyway;

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

  public List<SeedSpec> getSeeds() {
    return seeds;
  }

  public void setSeeds(List<SeedSpec> seeds) {
    this.seeds = seeds;
  }

  public ApprovalSpec getApproval() {
    return approval;
  }

  public void setApproval(ApprovalSpec approval) {
    this.approval = approval;
  }

  public BackupSpec getBackup() {
    return backup;
  }

  public void setBackup(BackupSpec backup) {
    this.backup = backup;
  }

  public Boolean getAllowReset() {
    return allowReset;
  }

  public void setAllowReset(Boolean allowReset) {
    this.allowReset = allowReset;
  }

  public FlywaySpec getFlyway() {
    return flyway;
  }

  public void setFlyway(FlywaySpec flyway) {
    this.flyway = flyway;
  }
}
