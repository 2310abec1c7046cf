package io.dbmigrate.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.List;

/** A set of SQL files applied after the migrations, in file-name order, once per content. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
    value = "has(self.image) != has(self.configMap)",
    message = "a seed needs exactly one of configMap and image")
public class SeedSpec {
  @Required
  @Pattern("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$")
  @JsonPropertyDescription(
      "The seed's name, as tracked in the database's dbmigrate_seed_history table.")
  private String name;

  @JsonPropertyDescription(
      "The ConfigMap whose .sql keys are the seed's files. Exactly one of configMap and image.")
  private String configMap;

  @JsonPropertyDescription(
      "An image or OCI artifact with the seed's .sql files in a directory (default /seeds),"
          + " instead of configMap; pinned by digest like spec.migrations.image, in the same"
          + " spec.job.imageSource mode.")
  private ImageSource image;

  @JsonPropertyDescription("Environments the seed runs in; absent means every environment.")
  private List<String> environments;

  public SeedSpec() {}

  public SeedSpec(String name, String configMap, List<String> environments) {
    this.name = name;
    this.configMap = configMap;
    this.environments = environments;
  }

  public String getName() {
    return name;
  }

  public void setName(String name) {
    this.name = name;
  }

  public String getConfigMap() {
    return configMap;
  }

  public void setConfigMap(String configMap) {
    this.configMap = configMap;
  }

  public ImageSource getImage() {
    return image;
  }

  public void setImage(ImageSource image) {
    this.image = image;
  }

  public List<String> getEnvironments() {
    return environments;
  }

  public void setEnvironments(List<String> environments) {
    this.environments = environments;
  }
}
