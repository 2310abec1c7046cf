package io.dbmigrate.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import java.util.List;

/**
 * Migrations or a seed in a container image or OCI artifact, pinned by digest when the Job runs.
 * The path has no CRD default: it differs between the two ({@link #DEFAULT_PATH}, {@link
 * #DEFAULT_SEED_PATH}) and is applied where the spec is read.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ImageSource {
  public static final String DEFAULT_PATH = "/migrations";
  public static final String DEFAULT_SEED_PATH = "/seeds";
  public static final String DEFAULT_REFRESH_INTERVAL = "5m";

  @Required
  @JsonPropertyDescription(
      "The image or artifact, [registry/]repository[:tag][@sha256:digest]. A tag is resolved to"
          + " its digest by the operator, again every refreshInterval; the Job always runs the"
          + " digest.")
  private String reference;

  @JsonPropertyDescription(
      "The directory in the image that holds the files: /migrations for migrations and /seeds for"
          + " a seed unless given.")
  private String path;

  @JsonPropertyDescription(
      "Secrets of type kubernetes.io/dockerconfigjson with the registry's credentials, in this"
          + " namespace; the first with an entry for the image's registry is used.")
  private List<PullSecretRef> pullSecrets;

  @Default(DEFAULT_REFRESH_INTERVAL)
  @Pattern(HealthSpec.DURATION_PATTERN)
  @JsonPropertyDescription(
      "How often a tag is resolved again, 1s to 24h; a new digest is a new run."
          + " Unused for a reference by digest. Default 5m.")
  private String refreshInterval;

  public ImageSource() {}

  public ImageSource(String reference) {
    this.reference = reference;
  }

  public String getReference() {
    return reference;
  }

  public void setReference(String reference) {
    this.reference = reference;
  }

  public String getPath() {
    return path;
  }

  public void setPath(String path) {
    this.path = path;
  }

  public List<PullSecretRef> getPullSecrets() {
    return pullSecrets;
  }

  public void setPullSecrets(List<PullSecretRef> pullSecrets) {
    this.pullSecrets = pullSecrets;
  }

  public String getRefreshInterval() {
    return refreshInterval;
  }

  public void setRefreshInterval(String refreshInterval) {
    this.refreshInterval = refreshInterval;
  }
}
