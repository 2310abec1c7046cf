package io.dbmigrate.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/**
 * {@code status.health}: is the database healthy, how fast does it answer, is its schema in place.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class HealthStatus {
  public static final String HEALTHY = "healthy";
  public static final String UNHEALTHY = "unhealthy";

  /** The status word for a check or a whole report. */
  public static String of(boolean healthy) {
    return healthy ? HEALTHY : UNHEALTHY;
  }

  @JsonPropertyDescription("healthy when every check is healthy, else unhealthy.")
  private String status;

  @JsonPropertyDescription("When the reported checks ran.")
  private String checkedAt;

  private HealthChecks checks;

  public String getStatus() {
    return status;
  }

  public void setStatus(String status) {
    this.status = status;
  }

  public String getCheckedAt() {
    return checkedAt;
  }

  public void setCheckedAt(String checkedAt) {
    this.checkedAt = checkedAt;
  }

  public HealthChecks getChecks() {
    return checks;
  }

  public void setChecks(HealthChecks checks) {
    this.checks = checks;
  }
}
