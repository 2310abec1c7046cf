package io.dbmigrate.reconcile;

import io.dbmigrate.api.DatabaseMigration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The operator's annotations: those a person sets on a DatabaseMigration to tell the operator
 * something, and the one it puts on its Jobs.
 */
final class Annotations {
  /** Approves the plan whose digest it names (spec.approval.required). */
  static final String APPROVED_DIGEST = "dbmigrate.io/approved-digest";

  /** Asks for one reset (development only, spec.allowReset); each value is acted on once. */
  static final String RESET_REQUESTED = "dbmigrate.io/reset-requested";

  /** Asks for one Flyway repair of the schema history; each value is acted on once. */
  static final String REPAIR_REQUESTED = "dbmigrate.io/repair-requested";

  /** On a Job: the digest of the inputs it runs. */
  static final String JOB_DIGEST = "dbmigrate.io/digest";

  private Annotations() {}

  static Optional<String> get(DatabaseMigration resource, String key) {
    Map<String, String> annotations = resource.getMetadata().getAnnotations();
    return Optional.ofNullable(annotations == null ? null : annotations.get(key))
        .map(String::strip)
        .filter(v -> !v.isEmpty());
  }

  /** Whether one of ours changed: annotation edits do not bump the generation. */
  static boolean changed(DatabaseMigration a, DatabaseMigration b) {
    return !Objects.equals(get(a, APPROVED_DIGEST), get(b, APPROVED_DIGEST))
        || !Objects.equals(get(a, RESET_REQUESTED), get(b, RESET_REQUESTED))
        || !Objects.equals(get(a, REPAIR_REQUESTED), get(b, REPAIR_REQUESTED));
  }
}
