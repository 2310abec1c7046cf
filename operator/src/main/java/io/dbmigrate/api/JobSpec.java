package io.dbmigrate.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Min;
import io.fabric8.kubernetes.api.model.ResourceRequirements;

@JsonInclude(JsonInclude.Include.NON_NULL)
public class JobSpec {
  public static final long DEFAULT_ACTIVE_DEADLINE_SECONDS = 600;
  public static final int DEFAULT_BACKOFF_LIMIT = 1;
  public static final int DEFAULT_HISTORY_LIMIT = 3;

  @JsonPropertyDescription("The runner image; defaults to the operator's own image.")
  private String image;

  @JsonPropertyDescription("The ServiceAccount the Job's pod runs as.")
  private String serviceAccountName;

  @Default("600")
  @Min(1)
  @JsonPropertyDescription("How long one run may take before Kubernetes stops it.")
  private Long activeDeadlineSeconds;

  @Default("1")
  @Min(0)
  @JsonPropertyDescription("How many times a failed run is retried.")
  private Integer backoffLimit;

  @JsonPropertyDescription("CPU and memory of the runner container.")
  private ResourceRequirements resources;

  @Default("3")
  @Min(1)
  @JsonPropertyDescription(
      "Finished Jobs kept per resource, newest first; the last one is always kept.")
  private Integer historyLimit;

  public String getImage() {
    return image;
  }

  public void setImage(String image) {
    this.image = image;
  }

  public String getServiceAccountName() {
    return serviceAccountName;
  }

  public void setServiceAccountName(String serviceAccountName) {
    this.serviceAccountName = serviceAccountName;
  }

  public Long getActiveDeadlineSeconds() {
    return activeDeadlineSeconds;
  }

  public void setActiveDeadlineSeconds(Long activeDeadlineSeconds) {
    this.activeDeadlineSeconds = activeDeadlineSeconds;
  }

  public Integer getBackoffLimit() {
    return backoffLimit;
  }

  public void setBackoffLimit(Integer backoffLimit) {
    this.backoffLimit = backoffLimit;
  }

  public ResourceRequirements getResources() {
    return resources;
  }

  public void setResources(ResourceRequirements resources) {
    this.resources = resources;
  }

  public Integer getHistoryLimit() {
    return historyLimit;
  }

  public void setHistoryLimit(Integer historyLimit) {
    this.historyLimit = historyLimit;
  }
}
