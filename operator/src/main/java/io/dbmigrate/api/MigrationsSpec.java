package io.dbmigrate.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.dbmigrate.config.Targets;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import java.util.ArrayList;
import java.util.List;

@JsonInclude(JsonInclude.Include.NON_NULL)
public class MigrationsSpec {
  @Required
  @Size(min = 1)
  @JsonPropertyDescription(
      "ConfigMaps whose keys are Flyway migration files (V1__init.sql, R__views.sql), "
          + "applied together in version order.")
  private List<ConfigMapRef> configMaps = new ArrayList<>();

  @Default(Targets.LATEST)
  @Pattern(Targets.PATTERN)
  @JsonPropertyDescription("The version to migrate to, or latest.")
  private String target;

  public List<ConfigMapRef> getConfigMaps() {
    return configMaps;
  }

  public void setConfigMaps(List<ConfigMapRef> configMaps) {
    this.configMaps = configMaps;
  }

  public String getTarget() {
    return target;
  }

  public void setTarget(String target) {
    this.target = target;
  }
}
