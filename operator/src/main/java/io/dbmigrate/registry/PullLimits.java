package io.dbmigrate.registry;

/**
 * How much a pull may download and write. Migrations are small; an app image with migrations in it
 * is larger but bounded too, so that a wrong reference cannot fill the Job's disk.
 *
 * @param maxLayerBytes one layer's blob, as the manifest declares it and as it arrives
 * @param maxImageBytes all layers together, as the manifests declare them
 * @param maxExtractedBytes the files written under the selected path
 */
public record PullLimits(long maxLayerBytes, long maxImageBytes, long maxExtractedBytes) {
  static final long MIB = 1024L * 1024;

  public static final long MAX_LAYER_BYTES = 256 * MIB;
  public static final long MAX_IMAGE_BYTES = 1024 * MIB;
  public static final long MAX_EXTRACTED_BYTES = 256 * MIB;

  /** A manifest or index is JSON of a few KiB; 4 MiB is Docker's own limit. */
  static final int MAX_MANIFEST_BYTES = 4 * 1024 * 1024;

  public static final PullLimits DEFAULT =
      new PullLimits(MAX_LAYER_BYTES, MAX_IMAGE_BYTES, MAX_EXTRACTED_BYTES);

  static String mebibytes(long bytes) {
    return bytes % MIB == 0
        ? Long.toString(bytes / MIB)
        : String.format("%.2f", bytes / (double) MIB);
  }
}
