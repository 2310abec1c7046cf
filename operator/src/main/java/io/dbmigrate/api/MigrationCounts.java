package io.dbmigrate.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

@JsonInclude(JsonInclude.Include.NON_NULL)
public class MigrationCounts {
  @JsonPropertyDescription("Migrations recorded as applied in the database.")
  private Integer applied;

  @JsonPropertyDescription("Migrations in the sources not yet applied.")
  private Integer pending;

  @JsonPropertyDescription("How long the last run took, in milliseconds.")
  private Long lastRunDurationMs;

  @JsonPropertyDescription(
      "The migration a running Job is applying, and what it waits for; absent when no Job runs.")
  private CurrentMigration current;

  public MigrationCounts() {}

  public MigrationCounts(Integer applied, Integer pending, Long lastRunDurationMs) {
    this.applied = applied;
    this.pending = pending;
    this.lastRunDurationMs = lastRunDurationMs;
  }

  public Integer getApplied() {
    return applied;
  }

  public void setApplied(Integer applied) {
    this.applied = applied;
  }

  public Integer getPending() {
    return pending;
  }

  public void setPending(Integer pending) {
    this.pending = pending;
  }

  public Long getLastRunDurationMs() {
    return lastRunDurationMs;
  }

  public void setLastRunDurationMs(Long lastRunDurationMs) {
    this.lastRunDurationMs = lastRunDurationMs;
  }

  public CurrentMigration getCurrent() {
    return current;
  }

  public void setCurrent(CurrentMigration current) {
    this.current = current;
  }
}
