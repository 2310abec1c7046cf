package io.dbmigrate.reconcile;

import io.dbmigrate.api.PlaceholderSource;
import io.dbmigrate.config.FlywaySettings;
import io.dbmigrate.db.ConnectionSettings;
import java.util.List;
import java.util.SortedMap;

/**
 * What one run depends on, as read from the cluster: the migration files of each ConfigMap, the
 * seed files of each seed's ConfigMap (in spec order), the images of the migrations and seeds that
 * name one (pinned to a digest), and a fingerprint of the database URL, so that pointing the
 * resource at another database runs the migrations there. The digest uses only these.
 *
 * <p>{@code connection} is for the health prober, which connects from the operator itself. It holds
 * the password; its {@code toString} masks it, and nothing writes it anywhere else.
 */
record MigrationInputs(
    List<MigrationSource> sources,
    List<SeedFiles> seeds,
    String databaseUrlFingerprint,
    ConnectionSettings connection,
    FlywayInputs flyway,
    PinnedImages images) {

  /** Without images. */
  MigrationInputs(
      List<MigrationSource> sources,
      List<SeedFiles> seeds,
      String databaseUrlFingerprint,
      ConnectionSettings connection,
      FlywayInputs flyway) {
    this(sources, seeds, databaseUrlFingerprint, connection, flyway, PinnedImages.NONE);
  }

  /** With the images as pinned. */
  MigrationInputs withImages(PinnedImages pinned) {
    return new MigrationInputs(sources, seeds, databaseUrlFingerprint, connection, flyway, pinned);
  }

  /**
   * The Flyway settings written in the spec, and the placeholders read from ConfigMaps and Secrets:
   * their sources (the Job reads the values from them) and a fingerprint of their values.
   */
  record FlywayInputs(
      FlywaySettings settings, List<PlaceholderSource> placeholdersFrom, String sourcedValues) {
    static final FlywayInputs NONE = new FlywayInputs(FlywaySettings.NONE, List.of(), "");
  }

  /** The migration files of one ConfigMap, by file name. */
  record MigrationSource(String configMapName, SortedMap<String, String> files) {}

  /** A seed's files from its ConfigMap, applied in file-name order (a seed's image is pinned). */
  record SeedFiles(String name, String configMapName, SortedMap<String, String> files) {}
}
