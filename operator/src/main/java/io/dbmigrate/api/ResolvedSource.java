package io.dbmigrate.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** An image source as the operator last resolved it: the digest the Jobs run. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ResolvedSource {
  @JsonPropertyDescription("What the source is for: migrations, or seed/<name> for a seed.")
  private String name;

  @JsonPropertyDescription("The reference as the spec writes it.")
  private String reference;

  @JsonPropertyDescription("The digest it was resolved to; Jobs run reference@digest.")
  private String digest;

  @JsonPropertyDescription("When this digest was first resolved for this reference.")
  private String resolvedAt;

  public ResolvedSource() {}

  public ResolvedSource(String name, String reference, String digest, String resolvedAt) {
    this.name = name;
    this.reference = reference;
    this.digest = digest;
    this.resolvedAt = resolvedAt;
  }

  public String getName() {
    return name;
  }

  public void setName(String name) {
    this.name = name;
  }

  public String getReference() {
    return reference;
  }

  public void setReference(String reference) {
    this.reference = reference;
  }

  public String getDigest() {
    return digest;
  }

  public void setDigest(String digest) {
    this.digest = digest;
  }

  public String getResolvedAt() {
    return resolvedAt;
  }

  public void setResolvedAt(String resolvedAt) {
    this.resolvedAt = resolvedAt;
  }
}
