package io.dbmigrate.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** The database's schema against the migration sources: pending, failed and changed migrations. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class MigrationsCheckStatus {
  @JsonPropertyDescription(
      "healthy when nothing is pending, nothing failed and no applied migration changed.")
  private String status;

  @JsonPropertyDescription("Migrations in the sources not yet applied.")
  private Integer pending;

  private String message;

  @JsonPropertyDescription("Migrations applied, as the schema history records them.")
  private Integer applied;

  @JsonPropertyDescription("Entries recorded as failed: nothing runs until they are repaired.")
  private Integer failed;

  @JsonPropertyDescription("Migrations applied out of version order.")
  private Integer outOfOrder;

  @JsonPropertyDescription("Migrations in the sources that Flyway ignores.")
  private Integer ignored;

  @JsonPropertyDescription("Applied versions newer than any in the sources.")
  private Integer future;

  public String getStatus() {
    return status;
  }

  public void setStatus(String status) {
    this.status = status;
  }

  public Integer getPending() {
    return pending;
  }

  public void setPending(Integer pending) {
    this.pending = pending;
  }

  public String getMessage() {
    return message;
  }

  public void setMessage(String message) {
    this.message = message;
  }

  public Integer getApplied() {
    return applied;
  }

  public void setApplied(Integer applied) {
    this.applied = applied;
  }

  public Integer getFailed() {
    return failed;
  }

  public void setFailed(Integer failed) {
    this.failed = failed;
  }

  public Integer getOutOfOrder() {
    return outOfOrder;
  }

  public void setOutOfOrder(Integer outOfOrder) {
    this.outOfOrder = outOfOrder;
  }

  public Integer getIgnored() {
    return ignored;
  }

  public void setIgnored(Integer ignored) {
    this.ignored = ignored;
  }

  public Integer getFuture() {
    return future;
  }

  public void setFuture(Integer future) {
    this.future = future;
  }
}
