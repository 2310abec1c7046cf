package io.dbmigrate.reconcile;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dbmigrate.api.PlanStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads the JSON a plan Job leaves in its termination message ({@code dbmigrate plan --output
 * json}) into the status's plan: what an approval approves.
 */
final class PlanReport {
  private static final ObjectMapper JSON = new ObjectMapper();

  private PlanReport() {}

  static Optional<PlanStatus> read(String json, String digest) {
    JsonNode plan;
    try {
      plan = JSON.readTree(json);
    } catch (Exception e) {
      return Optional.empty();
    }
    if (plan == null || !plan.isObject() || !plan.has("pending")) {
      return Optional.empty();
    }
    List<String> migrations = new ArrayList<>();
    plan.path("pending")
        .forEach(
            m ->
                migrations.add(
                    m.path("script").asText(m.path("version").asText())
                        + (m.hasNonNull("version")
                            ? " (version " + m.get("version").asText() + ")"
                            : m.path("changed").asBoolean(false)
                                ? " (repeatable, checksum changed)"
                                : " (repeatable)")));
    List<String> seeds = new ArrayList<>();
    plan.path("seeds")
        .forEach(
            s -> {
              if (s.path("skipped").asBoolean(false)) {
                seeds.add(s.path("name").asText() + ": skipped in this environment");
              } else {
                List<String> files = new ArrayList<>();
                s.path("files").forEach(f -> files.add(f.asText()));
                seeds.add(
                    s.path("name").asText()
                        + ": "
                        + (files.isEmpty() ? "nothing to apply" : String.join(", ", files)));
              }
            });
    List<String> problems = new ArrayList<>();
    plan.path("problems").forEach(p -> problems.add(p.asText()));
    if (plan.path("truncated").asBoolean(false)) {
      problems.add(
          "the plan was too long for the termination message and was cut; run dbmigrate plan for all of it");
    }
    PlanStatus status = new PlanStatus();
    status.setDigest(digest);
    status.setMigrations(migrations);
    status.setSeeds(seeds);
    status.setProblems(problems);
    status.setCaution(plan.hasNonNull("caution") ? plan.path("caution").asText() : null);
    return Optional.of(status);
  }
}
