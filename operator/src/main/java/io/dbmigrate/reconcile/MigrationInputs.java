package io.dbmigrate.reconcile;

import java.util.List;
import java.util.SortedMap;

/**
 * What one run depends on, as read from the cluster: the migration files of each ConfigMap
 * (in spec order) and a fingerprint of the database URL, so that pointing the resource at
 * another database runs the migrations there. Never holds a secret value.
 */
record MigrationInputs(List<MigrationSource> sources, String databaseUrlFingerprint) {

  /** The migration files of one ConfigMap, by file name. */
  record MigrationSource(String configMapName, SortedMap<String, String> files) {}
}
