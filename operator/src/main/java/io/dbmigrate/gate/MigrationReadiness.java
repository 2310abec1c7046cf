package io.dbmigrate.gate;

import io.dbmigrate.api.DatabaseMigration;
import io.dbmigrate.api.DatabaseMigrationStatus;
import io.dbmigrate.api.Phase;
import java.util.Optional;
import org.flywaydb.core.api.MigrationVersion;

/** What the gate needs to know of a DatabaseMigration: is it Ready, and at which version. */
public record MigrationReadiness(boolean ready, Optional<String> currentVersion) {

  public static MigrationReadiness of(DatabaseMigration resource) {
    return of(resource.getStatus(), resource.getMetadata().getGeneration());
  }

  /** Ready only when the status describes the current spec: a new spec is not Ready yet. */
  public static MigrationReadiness of(DatabaseMigrationStatus status, Long generation) {
    if (status == null) {
      return new MigrationReadiness(false, Optional.empty());
    }
    boolean current =
        status.getObservedGeneration() != null && status.getObservedGeneration().equals(generation);
    return new MigrationReadiness(
        current && status.getPhase() == Phase.Ready,
        Optional.ofNullable(status.getCurrentVersion()));
  }

  /** Ready, and at or above the required version when one is named (Flyway's version order). */
  public boolean satisfies(Requirement requirement) {
    if (!ready) {
      return false;
    }
    if (requirement.minimumVersion().isEmpty()) {
      return true;
    }
    return currentVersion
        .map(MigrationVersion::fromVersion)
        .map(
            v -> v.compareTo(MigrationVersion.fromVersion(requirement.minimumVersion().get())) >= 0)
        .orElse(false);
  }
}
