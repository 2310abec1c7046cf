package io.dbmigrate.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.List;

/** What a run of the current inputs would do; approved by its digest. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class PlanStatus {
  @JsonPropertyDescription(
      "The input digest this plan is for; approve it with the dbmigrate.io/approved-digest annotation.")
  private String digest;

  @JsonPropertyDescription("Pending migrations, as version and file.")
  private List<String> migrations;

  @JsonPropertyDescription("Seeds and the files of each that would run.")
  private List<String> seeds;

  @JsonPropertyDescription("Problems found by validating the sources against the database.")
  private List<String> problems;

  @JsonPropertyDescription(
      "On MariaDB/MySQL, whose DDL commits at once: what to weigh before approving.")
  private String caution;

  public String getDigest() {
    return digest;
  }

  public void setDigest(String digest) {
    this.digest = digest;
  }

  public List<String> getMigrations() {
    return migrations;
  }

  public void setMigrations(List<String> migrations) {
    this.migrations = migrations;
  }

  public List<String> getSeeds() {
    return seeds;
  }

  public void setSeeds(List<String> seeds) {
    this.seeds = seeds;
  }

  public List<String> getProblems() {
    return problems;
  }

  public void setProblems(List<String> problems) {
    this.problems = problems;
  }

  public String getCaution() {
    return caution;
  }

  public void setCaution(String caution) {
    this.caution = caution;
  }
}
