package io.dbmigrate.runner;

import io.dbmigrate.registry.DockerConfig;
import io.dbmigrate.registry.ImageReference;

/**
 * An image or OCI artifact that the migrations or a seed come from: the directory {@code path} in
 * it, pulled by the runner.
 *
 * @param reference by tag (resolved to its digest first) or by digest
 * @param path the directory in the image; blank means {@code defaultPath} of the factory used
 * @param credentials where the registry's credentials are looked up
 */
public record SourceImage(ImageReference reference, String path, DockerConfig credentials) {
  public static final String MIGRATIONS_PATH = "/migrations";
  public static final String SEEDS_PATH = "/seeds";

  public SourceImage {
    if (path == null || path.isBlank()) {
      throw new IllegalArgumentException("an image source needs a path");
    }
    path = path.strip();
  }

  /** Migrations in {@code path} of the image, {@value #MIGRATIONS_PATH} when it is blank. */
  public static SourceImage migrations(
      ImageReference reference, String path, DockerConfig credentials) {
    return new SourceImage(
        reference, path == null || path.isBlank() ? MIGRATIONS_PATH : path, credentials);
  }

  /** The same image, its credentials looked up in {@code config}. */
  public SourceImage withCredentials(DockerConfig config) {
    return new SourceImage(reference, path, config);
  }
}
