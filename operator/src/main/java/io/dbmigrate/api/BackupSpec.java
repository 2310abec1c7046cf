package io.dbmigrate.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

@JsonInclude(JsonInclude.Include.NON_NULL)
public class BackupSpec {
  @JsonPropertyDescription(
      "Dump the database (pg_dump; mariadb-dump or mysqldump) before a run that changes something.")
  private Boolean enabled;

  @JsonPropertyDescription(
      "The PersistentVolumeClaim the dumps are written to (mounted at /backups).")
  private String volumeClaimName;

  public Boolean getEnabled() {
    return enabled;
  }

  public void setEnabled(Boolean enabled) {
    this.enabled = enabled;
  }

  public String getVolumeClaimName() {
    return volumeClaimName;
  }

  public void setVolumeClaimName(String volumeClaimName) {
    this.volumeClaimName = volumeClaimName;
  }
}
