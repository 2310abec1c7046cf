package io.dbmigrate.runner;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * What {@code dbmigrate plan} found, without changing anything: the contract of its JSON.
 *
 * @param pending migrations the next run would apply, in order
 * @param seeds each seed with the files that would run, or skipped
 * @param problems what would stop the run (changed, missing or failed migrations), each with what
 *     to do
 * @param truncated whether entries were dropped to fit the 4 KiB termination message
 * @param baseline the migrations a baseline counts as applied; left out of the JSON when none
 * @param caution what to weigh before approving, on engines whose DDL is not transactional; left
 *     out of the JSON when none
 */
public record PlanResult(
    List<PendingMigration> pending,
    List<SeedPlan> seeds,
    List<String> problems,
    boolean truncated,
    @JsonInclude(JsonInclude.Include.NON_NULL) BaselinePlan baseline,
    @JsonInclude(JsonInclude.Include.NON_NULL) String caution) {
  public PlanResult {
    pending = pending == null ? List.of() : List.copyOf(pending);
    seeds = seeds == null ? List.of() : List.copyOf(seeds);
    problems = problems == null ? List.of() : List.copyOf(problems);
  }

  public PlanResult(List<PendingMigration> pending, List<SeedPlan> seeds, List<String> problems) {
    this(pending, seeds, problems, false, null, null);
  }

  public PlanResult(
      List<PendingMigration> pending,
      List<SeedPlan> seeds,
      List<String> problems,
      boolean truncated,
      BaselinePlan baseline) {
    this(pending, seeds, problems, truncated, baseline, null);
  }

  /** Whether a run would change something: a pending migration or a seed file to apply. */
  public boolean hasChanges() {
    return !pending.isEmpty() || seeds.stream().anyMatch(s -> !s.files().isEmpty());
  }
}
