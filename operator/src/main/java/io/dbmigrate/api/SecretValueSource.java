package io.dbmigrate.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.fabric8.generator.annotation.Required;

/** A value read from a key of a Secret in the resource's namespace. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class SecretValueSource {
  @Required private SecretKeyRef secretKeyRef;

  public SecretValueSource() {}

  public SecretValueSource(String name, String key) {
    this.secretKeyRef = new SecretKeyRef(name, key);
  }

  public SecretKeyRef getSecretKeyRef() {
    return secretKeyRef;
  }

  public void setSecretKeyRef(SecretKeyRef secretKeyRef) {
    this.secretKeyRef = secretKeyRef;
  }
}
