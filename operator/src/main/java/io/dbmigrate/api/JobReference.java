package io.dbmigrate.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** The last migration Job and how it ended; a failed Job is kept for its logs. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class JobReference {
  private String name;

  @JsonPropertyDescription("Running, Succeeded or Failed.")
  private JobResult result;

  private String finishedAt;

  public JobReference() {}

  public JobReference(String name, JobResult result, String finishedAt) {
    this.name = name;
    this.result = result;
    this.finishedAt = finishedAt;
  }

  public String getName() {
    return name;
  }

  public void setName(String name) {
    this.name = name;
  }

  public JobResult getResult() {
    return result;
  }

  public void setResult(JobResult result) {
    this.result = result;
  }

  public String getFinishedAt() {
    return finishedAt;
  }

  public void setFinishedAt(String finishedAt) {
    this.finishedAt = finishedAt;
  }
}
