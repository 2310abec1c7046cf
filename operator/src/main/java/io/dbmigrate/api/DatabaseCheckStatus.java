package io.dbmigrate.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** The {@code SELECT 1} check through the operator's connection pool. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class DatabaseCheckStatus {
  @JsonPropertyDescription("healthy or unhealthy.")
  private String status;

  @JsonPropertyDescription("Time to borrow a pooled connection and run SELECT 1, in milliseconds.")
  private Double latencyMs;

  @JsonPropertyDescription(
      "Why the database is unhealthy: host, port, database and user, never the password.")
  private String error;

  public String getStatus() {
    return status;
  }

  public void setStatus(String status) {
    this.status = status;
  }

  public Double getLatencyMs() {
    return latencyMs;
  }

  public void setLatencyMs(Double latencyMs) {
    this.latencyMs = latencyMs;
  }

  public String getError() {
    return error;
  }

  public void setError(String error) {
    this.error = error;
  }
}
