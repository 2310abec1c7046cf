package io.dbmigrate.reconcile;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.dbmigrate.api.DatabaseMigration;
import io.dbmigrate.api.DatabaseMigrationStatus;
import io.dbmigrate.db.Redactor;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import java.util.Map;

/**
 * Writes the status only when it differs from the stored one. A reconcile that changes nothing
 * costs no API write, so resources at rest cause no traffic and no status write loop. Every string
 * of the status is masked on its way out: condition messages and health errors quote drivers and
 * Flyway, which like to quote URLs.
 */
final class StatusRecorder {
  private final ObjectMapper mapper = new ObjectMapper();

  UpdateControl<DatabaseMigration> record(
      DatabaseMigration resource, DatabaseMigrationStatus status) {
    JsonNode masked = masked(mapper.valueToTree(status));
    if (masked.equals(mapper.valueToTree(resource.getStatus()))) {
      return UpdateControl.noUpdate();
    }
    resource.setStatus(mapper.convertValue(masked, DatabaseMigrationStatus.class));
    return UpdateControl.patchStatus(resource);
  }

  /**
   * Writes the status of a failed reconcile, under the same rules: only a change, always masked.
   */
  ErrorStatusUpdateControl<DatabaseMigration> recordError(
      DatabaseMigration resource, DatabaseMigrationStatus status) {
    return record(resource, status).isPatchStatus()
        ? ErrorStatusUpdateControl.patchStatus(resource)
        : ErrorStatusUpdateControl.noStatusUpdate();
  }

  /** The status as it may leave the operator. */
  DatabaseMigrationStatus masked(DatabaseMigrationStatus status) {
    return mapper.convertValue(masked(mapper.valueToTree(status)), DatabaseMigrationStatus.class);
  }

  private static JsonNode masked(JsonNode node) {
    if (node.isTextual()) {
      return TextNode.valueOf(Redactor.process().redact(node.textValue()));
    }
    if (node instanceof ObjectNode object) {
      for (Map.Entry<String, JsonNode> field : object.properties()) {
        field.setValue(masked(field.getValue()));
      }
    } else if (node instanceof ArrayNode array) {
      for (int i = 0; i < array.size(); i++) {
        array.set(i, masked(array.get(i)));
      }
    }
    return node;
  }
}
