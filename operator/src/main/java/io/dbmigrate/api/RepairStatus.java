package io.dbmigrate.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** The last repair asked for with the dbmigrate.io/repair-requested annotation. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class RepairStatus {
  @JsonPropertyDescription(
      "The annotation's value this repair answered; each value is acted on once.")
  private String token;

  @JsonPropertyDescription("Running, Succeeded or Failed.")
  private JobResult result;

  @JsonPropertyDescription("What the repair did, or why it failed.")
  private String message;

  @JsonPropertyDescription("The repair Job.")
  private String job;

  public RepairStatus() {}

  public RepairStatus(String token, JobResult result, String message, String job) {
    this.token = token;
    this.result = result;
    this.message = message;
    this.job = job;
  }

  public String getToken() {
    return token;
  }

  public void setToken(String token) {
    this.token = token;
  }

  public JobResult getResult() {
    return result;
  }

  public void setResult(JobResult result) {
    this.result = result;
  }

  public String getMessage() {
    return message;
  }

  public void setMessage(String message) {
    this.message = message;
  }

  public String getJob() {
    return job;
  }

  public void setJob(String job) {
    this.job = job;
  }
}
