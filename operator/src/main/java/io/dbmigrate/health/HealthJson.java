package io.dbmigrate.health;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dbmigrate.api.HealthStatus;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The health report as the HTTP endpoint and {@code dbmigrate health} print it: {@code {status,
 * timestamp, checks: {database: {status, latencyMs, error}, migrations: {status, pending,
 * message}}}}.
 */
public final class HealthJson {
  private final ObjectMapper mapper = new ObjectMapper();

  public String toJson(HealthReport report) {
    Map<String, Object> database = new LinkedHashMap<>();
    database.put("status", HealthStatus.of(report.database().healthy()));
    database.put("latencyMs", report.database().latencyMs());
    if (report.database().error() != null) {
      database.put("error", report.database().error());
    }
    Map<String, Object> checks = new LinkedHashMap<>();
    checks.put("database", database);
    if (report.migrations() != null) {
      Map<String, Object> migrations = new LinkedHashMap<>();
      migrations.put("status", HealthStatus.of(report.migrations().healthy()));
      migrations.put("pending", report.migrations().pending());
      migrations.put("message", report.migrations().message());
      checks.put("migrations", migrations);
    }
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("status", report.status());
    json.put("timestamp", report.checkedAt().toString());
    json.put("checks", checks);
    try {
      return mapper.writeValueAsString(json);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write a health report", e);
    }
  }
}
