package io.dbmigrate.api;

import com.fasterxml.jackson.annotation.JsonProperty;

/** The schema of spec.job.imageSource; the field itself is a string (see DatabaseSpec.engine). */
public enum ImageSourceMode {
  @JsonProperty(JobSpec.IMAGE_SOURCE_PULL)
  PULL,
  @JsonProperty(JobSpec.IMAGE_SOURCE_VOLUME)
  VOLUME
}
