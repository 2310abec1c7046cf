package io.dbmigrate.reconcile;

import io.dbmigrate.api.DatabaseMigration;
import io.dbmigrate.health.HealthReport;
import io.dbmigrate.health.RunningMigration;
import io.fabric8.kubernetes.api.model.Pod;
import java.util.List;
import java.util.Optional;

/**
 * What one reconcile sees, read before anything is decided: the resource with its stored status,
 * its inputs (or why they are unusable), the Jobs it owns, the pods gated on it, the latest health
 * report and the migration its running Job applies, as the database shows it. {@link Decider} turns
 * it into a {@link Decision} without reading anything else.
 */
record Observation(
    DatabaseMigration resource,
    Inputs inputs,
    OwnedJobs jobs,
    List<Pod> gatedPods,
    Optional<HealthReport> health,
    Optional<RunningMigration> run) {

  /** The inputs as resolved from the cluster, or the problem that stops them. */
  sealed interface Inputs permits Resolved, Invalid {}

  /** Every referenced object was read and checked; {@code digest} identifies this input. */
  record Resolved(MigrationInputs inputs, String digest) implements Inputs {}

  /** A missing or invalid input: the resource stalls until it is fixed. */
  record Invalid(InvalidInputException problem) implements Inputs {}
}
