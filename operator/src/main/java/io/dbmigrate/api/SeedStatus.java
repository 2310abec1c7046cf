package io.dbmigrate.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

@JsonInclude(JsonInclude.Include.NON_NULL)
public class SeedStatus {
  private String name;

  @JsonPropertyDescription("Applied, Skipped (not for this environment), Failed, or NotRun.")
  private String status;

  @JsonPropertyDescription("Files in the seed.")
  private Integer files;

  @JsonPropertyDescription("Files applied by the last run (new or changed ones).")
  private Integer appliedFiles;

  public SeedStatus() {}

  public SeedStatus(String name, String status, Integer files, Integer appliedFiles) {
    this.name = name;
    this.status = status;
    this.files = files;
    this.appliedFiles = appliedFiles;
  }

  public String getName() {
    return name;
  }

  public void setName(String name) {
    this.name = name;
  }

  public String getStatus() {
    return status;
  }

  public void setStatus(String status) {
    this.status = status;
  }

  public Integer getFiles() {
    return files;
  }

  public void setFiles(Integer files) {
    this.files = files;
  }

  public Integer getAppliedFiles() {
    return appliedFiles;
  }

  public void setAppliedFiles(Integer appliedFiles) {
    this.appliedFiles = appliedFiles;
  }
}
