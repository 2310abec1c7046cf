package io.dbmigrate.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.dbmigrate.config.Targets;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.ArrayList;
import java.util.List;

@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
    value = "has(self.image) != (has(self.configMaps) && size(self.configMaps) > 0)",
    message = "spec.migrations needs exactly one of configMaps and image")
public class MigrationsSpec {
  @JsonPropertyDescription(
      "ConfigMaps whose keys are Flyway migration files (V1__init.sql, R__views.sql), "
          + "applied together in version order. Exactly one of configMaps and image.")
  private List<ConfigMapRef> configMaps = new ArrayList<>();

  @JsonPropertyDescription(
      "An image or OCI artifact with the migrations in a directory, instead of configMaps.")
  private ImageSource image;

  @Default(Targets.LATEST)
  @Pattern(Targets.PATTERN)
  @JsonPropertyDescription("The version to migrate to, or latest.")
  private String target;

  @Pattern(HealthSpec.DURATION_PATTERN)
  @JsonPropertyDescription(
      "Longest wait of one migration statement for a lock (PostgreSQL lock_timeout), 100ms to 1h;"
          + " 0s waits forever. A statement waiting for a lock holds up every later query on that"
          + " table. Default 10s.")
  private String lockTimeout;

  @Min(0)
  @Max(20)
  @JsonPropertyDescription(
      "How often a migration that timed out waiting for a lock is rolled back and tried again,"
          + " after 1s, 2s, 4s, ... (migrations that cannot run in a transaction are not retried)."
          + " Default 3.")
  private Integer lockRetries;

  @Pattern(HealthSpec.DURATION_PATTERN)
  @JsonPropertyDescription(
      "Longest run of one migration statement (PostgreSQL statement_timeout), 1s to 24h;"
          + " 0s for no limit. Default 0s: the Job's activeDeadlineSeconds bounds the run.")
  private String statementTimeout;

  public List<ConfigMapRef> getConfigMaps() {
    return configMaps;
  }

  public void setConfigMaps(List<ConfigMapRef> configMaps) {
    this.configMaps = configMaps;
  }

  public ImageSource getImage() {
    return image;
  }

  public void setImage(ImageSource image) {
    this.image = image;
  }

  public String getTarget() {
    return target;
  }

  public void setTarget(String target) {
    this.target = target;
  }

  public String getLockTimeout() {
    return lockTimeout;
  }

  public void setLockTimeout(String lockTimeout) {
    this.lockTimeout = lockTimeout;
  }

  public Integer getLockRetries() {
    return lockRetries;
  }

  public void setLockRetries(Integer lockRetries) {
    this.lockRetries = lockRetries;
  }

  public String getStatementTimeout() {
    return statementTimeout;
  }

  public void setStatementTimeout(String statementTimeout) {
    this.statementTimeout = statementTimeout;
  }
}
