package io.dbmigrate.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;

/**
 * A Flyway placeholder whose value is read from a ConfigMap or a Secret key (exactly one of the
 * two). A Secret's value is passed to the Job from the Secret itself and is masked wherever it
 * could show.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class PlaceholderSource {
  @Required
  @JsonPropertyDescription("The placeholder's name: ${name} in a migration.")
  private String name;

  @JsonPropertyDescription("The ConfigMap key holding the value.")
  private ConfigMapKeyRef configMapKeyRef;

  @JsonPropertyDescription("The Secret key holding the value; treated as a secret everywhere.")
  private SecretKeyRef secretKeyRef;

  public String getName() {
    return name;
  }

  public void setName(String name) {
    this.name = name;
  }

  public ConfigMapKeyRef getConfigMapKeyRef() {
    return configMapKeyRef;
  }

  public void setConfigMapKeyRef(ConfigMapKeyRef configMapKeyRef) {
    this.configMapKeyRef = configMapKeyRef;
  }

  public SecretKeyRef getSecretKeyRef() {
    return secretKeyRef;
  }

  public void setSecretKeyRef(SecretKeyRef secretKeyRef) {
    this.secretKeyRef = secretKeyRef;
  }
}
