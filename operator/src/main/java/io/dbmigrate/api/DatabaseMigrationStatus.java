package io.dbmigrate.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.kubernetes.api.model.Condition;
import java.util.ArrayList;
import java.util.List;

@JsonInclude(JsonInclude.Include.NON_NULL)
public class DatabaseMigrationStatus {
  @JsonPropertyDescription("The generation of the spec this status describes.")
  private Long observedGeneration;

  private Phase phase;

  @JsonPropertyDescription("The schema version of the database after the last run.")
  private String currentVersion;

  @JsonPropertyDescription("Digest of the inputs (spec, migration sources, image) last applied.")
  private String appliedDigest;

  private MigrationCounts migrations;

  @JsonPropertyDescription("The image sources as last resolved: the digests the Jobs run.")
  private List<ResolvedSource> sources;

  private JobReference lastJob;

  @JsonPropertyDescription(
      "Pods held back by a dbmigrate.io scheduling gate until this migration is Ready.")
  private Integer gatedPods;

  @JsonPropertyDescription(
      "The database's health, latency and schema state, from the operator's probes.")
  private HealthStatus health;

  @JsonPropertyDescription("Each seed and what the last run did with it.")
  private List<SeedStatus> seeds;

  @JsonPropertyDescription("The plan awaiting approval, when spec.approval.required is set.")
  private PlanStatus plan;

  private BackupStatus lastBackup;

  private ResetStatus reset;

  @JsonPropertyDescription("The last repair asked for with dbmigrate.io/repair-requested.")
  private RepairStatus repair;

  private List<Condition> conditions = new ArrayList<>();

  public Long getObservedGeneration() {
    return observedGeneration;
  }

  public void setObservedGeneration(Long observedGeneration) {
    this.observedGeneration = observedGeneration;
  }

  public Phase getPhase() {
    return phase;
  }

  public void setPhase(Phase phase) {
    this.phase = phase;
  }

  public String getCurrentVersion() {
    return currentVersion;
  }

  public void setCurrentVersion(String currentVersion) {
    this.currentVersion = currentVersion;
  }

  public String getAppliedDigest() {
    return appliedDigest;
  }

  public void setAppliedDigest(String appliedDigest) {
    this.appliedDigest = appliedDigest;
  }

  public MigrationCounts getMigrations() {
    return migrations;
  }

  public void setMigrations(MigrationCounts migrations) {
    this.migrations = migrations;
  }

  public List<ResolvedSource> getSources() {
    return sources;
  }

  public void setSources(List<ResolvedSource> sources) {
    this.sources = sources;
  }

  public JobReference getLastJob() {
    return lastJob;
  }

  public void setLastJob(JobReference lastJob) {
    this.lastJob = lastJob;
  }

  public Integer getGatedPods() {
    return gatedPods;
  }

  public void setGatedPods(Integer gatedPods) {
    this.gatedPods = gatedPods;
  }

  public HealthStatus getHealth() {
    return health;
  }

  public void setHealth(HealthStatus health) {
    this.health = health;
  }

  public List<Condition> getConditions() {
    return conditions;
  }

  public void setConditions(List<Condition> conditions) {
    this.conditions = conditions;
  }

  public List<SeedStatus> getSeeds() {
    return seeds;
  }

  public void setSeeds(List<SeedStatus> seeds) {
    this.seeds = seeds;
  }

  public PlanStatus getPlan() {
    return plan;
  }

  public void setPlan(PlanStatus plan) {
    this.plan = plan;
  }

  public BackupStatus getLastBackup() {
    return lastBackup;
  }

  public void setLastBackup(BackupStatus lastBackup) {
    this.lastBackup = lastBackup;
  }

  public RepairStatus getRepair() {
    return repair;
  }

  public void setRepair(RepairStatus repair) {
    this.repair = repair;
  }

  public ResetStatus getReset() {
    return reset;
  }

  public void setReset(ResetStatus reset) {
    this.reset = reset;
  }
}
