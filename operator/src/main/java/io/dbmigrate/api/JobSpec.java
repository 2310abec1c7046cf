package io.dbmigrate.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.crd.generator.annotation.SchemaFrom;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Min;
import io.fabric8.kubernetes.api.model.ResourceRequirements;

@JsonInclude(JsonInclude.Include.NON_NULL)
public class JobSpec {
  public static final long DEFAULT_ACTIVE_DEADLINE_SECONDS = 600;
  public static final int DEFAULT_BACKOFF_LIMIT = 1;
  public static final int DEFAULT_HISTORY_LIMIT = 3;
  public static final String IMAGE_SOURCE_PULL = "pull";
  public static final String IMAGE_SOURCE_VOLUME = "volume";

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

  // No schema default: the API server would add it to every stored resource, changing their
  // input digests and running each once more after an upgrade. Absent means pull.
  @SchemaFrom(type = ImageSourceMode.class)
  @JsonPropertyDescription(
      "How migrations from spec.migrations.image reach the Job. pull: the runner pulls them from"
          + " the registry (any cluster, any image). volume: a Kubernetes image volume, mounted"
          + " read-only (Kubernetes 1.31+ with the ImageVolume feature gate, on by default from"
          + " 1.35; the node's container runtime must support image volumes). Default pull.")
  private String imageSource;

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

  public String getImageSource() {
    return imageSource;
  }

  public void setImageSource(String imageSource) {
    this.imageSource = imageSource;
  }

  public Integer getHistoryLimit() {
    return historyLimit;
  }

  public void setHistoryLimit(Integer historyLimit) {
    this.historyLimit = historyLimit;
  }
}
