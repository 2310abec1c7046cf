package io.dbmigrate.runner;

import io.dbmigrate.registry.DockerConfig;
import io.dbmigrate.registry.ImageReference;

/**
 * Migrations in an image or OCI artifact: the directory {@code path} in it, pulled by the runner.
 *
 * @param reference by tag (resolved to its digest first) or by digest
 * @param path the directory in the image, {@value #DEFAULT_PATH} unless said otherwise
 * @param credentials where the registry's credentials are looked up
 */
public record MigrationImage(ImageReference reference, String path, DockerConfig credentials) {
  public static final String DEFAULT_PATH = "/migrations";

  public MigrationImage {
    path = path == null || path.isBlank() ? DEFAULT_PATH : path.strip();
  }
}
