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
}
