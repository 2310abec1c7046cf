package io.dbmigrate.api;

/** How a Job of a resource stands: the words of {@code status.lastJob.result}. */
public enum JobResult {
  Running,
  Succeeded,
  Failed;

  public boolean ended() {
    return this != Running;
  }
}
