package io.dbmigrate.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** The migration a running Job is applying, as the operator sees its database session. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class CurrentMigration {
  @JsonPropertyDescription("The migration file being applied.")
  private String script;

  @JsonPropertyDescription("When the operator first saw it running (RFC 3339).")
  private String startedAt;

  @JsonPropertyDescription(
      "What it waits for when it has waited for a lock for a few seconds: the lock and the"
          + " session holding it (pid, application, user, state, query).")
  private String waitingFor;

  @JsonPropertyDescription("Since when it waits for that lock (RFC 3339).")
  private String waitingSince;

  @JsonPropertyDescription(
      "The session holding the lock: its process id on PostgreSQL, its connection id on MariaDB/MySQL.")
  private Integer blockingPid;

  public String getScript() {
    return script;
  }

  public void setScript(String script) {
    this.script = script;
  }

  public String getStartedAt() {
    return startedAt;
  }

  public void setStartedAt(String startedAt) {
    this.startedAt = startedAt;
  }

  public String getWaitingFor() {
    return waitingFor;
  }

  public void setWaitingFor(String waitingFor) {
    this.waitingFor = waitingFor;
  }

  public String getWaitingSince() {
    return waitingSince;
  }

  public void setWaitingSince(String waitingSince) {
    this.waitingSince = waitingSince;
  }

  public Integer getBlockingPid() {
    return blockingPid;
  }

  public void setBlockingPid(Integer blockingPid) {
    this.blockingPid = blockingPid;
  }
}
