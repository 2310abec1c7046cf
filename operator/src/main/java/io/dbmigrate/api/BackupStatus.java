package io.dbmigrate.api;

import com.fasterxml.jackson.annotation.JsonInclude;

/** The dump taken before the last run that changed something. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class BackupStatus {
  private String file;
  private Long sizeBytes;
  private String job;

  public BackupStatus() {}

  public BackupStatus(String file, Long sizeBytes, String job) {
    this.file = file;
    this.sizeBytes = sizeBytes;
    this.job = job;
  }

  public String getFile() {
    return file;
  }

  public void setFile(String file) {
    this.file = file;
  }

  public Long getSizeBytes() {
    return sizeBytes;
  }

  public void setSizeBytes(Long sizeBytes) {
    this.sizeBytes = sizeBytes;
  }

  public String getJob() {
    return job;
  }

  public void setJob(String job) {
    this.job = job;
  }
}
