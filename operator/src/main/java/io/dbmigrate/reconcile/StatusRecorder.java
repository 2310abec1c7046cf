package io.dbmigrate.reconcile;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.dbmigrate.api.DatabaseMigration;
import io.dbmigrate.api.DatabaseMigrationStatus;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;

/**
 * Writes the status only when it differs from the stored one. A reconcile that changes nothing
 * costs no API write, so resources at rest cause no traffic and no status write loop.
 */
final class StatusRecorder {
  private final ObjectMapper mapper = new ObjectMapper();

  UpdateControl<DatabaseMigration> record(DatabaseMigration resource, DatabaseMigrationStatus status) {
    if (mapper.valueToTree(status).equals(mapper.valueToTree(resource.getStatus()))) {
      return UpdateControl.noUpdate();
    }
    resource.setStatus(status);
    return UpdateControl.patchStatus(resource);
  }
}
