package io.dbmigrate.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** The last reset request (annotation dbmigrate.io/reset-requested) and what became of it. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ResetStatus {
  @JsonPropertyDescription("The annotation's value: each token is acted on once.")
  private String token;

  @JsonPropertyDescription("Running, Succeeded, Failed, or Refused.")
  private ResetResult result;

  private String message;

  private String job;

  public ResetStatus() {}

  public ResetStatus(String token, ResetResult result, String message, String job) {
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

  public ResetResult getResult() {
    return result;
  }

  public void setResult(ResetResult result) {
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
