package io.dbmigrate.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

@JsonInclude(JsonInclude.Include.NON_NULL)
public class ApprovalSpec {
  @JsonPropertyDescription(
      "Run a plan first and apply only after the annotation dbmigrate.io/approved-digest names the plan's digest.")
  private Boolean required;

  public Boolean getRequired() {
    return required;
  }

  public void setRequired(Boolean required) {
    this.required = required;
  }
}
