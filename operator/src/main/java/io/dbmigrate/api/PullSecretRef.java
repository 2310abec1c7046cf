package io.dbmigrate.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.fabric8.generator.annotation.Required;

/** A Secret of type kubernetes.io/dockerconfigjson, as in a pod's imagePullSecrets. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class PullSecretRef {
  @Required private String name;

  public PullSecretRef() {}

  public PullSecretRef(String name) {
    this.name = name;
  }

  public String getName() {
    return name;
  }

  public void setName(String name) {
    this.name = name;
  }
}
