package io.dbmigrate.runner;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.IntFunction;

/**
 * Writes and reads a plan as compact JSON that fits a pod's termination message (4 KiB, like {@link
 * RunResultJson}). An oversized plan is cut visibly: files below the baseline first (they never
 * run), then pending migrations from the end, then the seeds' file lists, then the problems' text,
 * with {@code truncated} set.
 */
public final class PlanResultJson {
  public static final int MAX_BYTES = RunResultJson.MAX_BYTES;

  private final ObjectMapper mapper = ResultJsonMapper.MAPPER;

  public String toJson(PlanResult plan) {
    String json = write(plan);
    if (fits(json)) {
      return json;
    }
    int belowBaseline = plan.baseline() == null ? 0 : plan.baseline().migrations().size();
    PlanResult cut = largestFitting(belowBaseline, keep -> withBaseline(plan, keep));
    PlanResult withBaselineCut = cut;
    cut = largestFitting(cut.pending().size(), keep -> withPending(withBaselineCut, keep));
    int longestFiles = cut.seeds().stream().mapToInt(s -> s.files().size()).max().orElse(0);
    PlanResult withPendingCut = cut;
    cut = largestFitting(longestFiles, keep -> withSeedFiles(withPendingCut, keep));
    int longestProblem = cut.problems().stream().mapToInt(String::length).max().orElse(0);
    PlanResult withFilesCut = cut;
    cut = largestFitting(longestProblem, keep -> withProblemLength(withFilesCut, keep));
    PlanResult withProblemsCut = cut;
    cut = largestFitting(cut.problems().size(), keep -> withProblems(withProblemsCut, keep));
    json = write(cut);
    if (!fits(json)) {
      throw new IllegalStateException(
          "plan does not fit " + MAX_BYTES + " bytes even when shortened");
    }
    return json;
  }

  public PlanResult fromJson(String json) {
    try {
      return mapper.readValue(json, PlanResult.class);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("not a plan: " + e.getOriginalMessage(), e);
    }
  }

  /**
   * The plan with the largest {@code keep} in [0, max] that fits, else the one with 0 (binary
   * search).
   */
  private PlanResult largestFitting(int max, IntFunction<PlanResult> withKeep) {
    if (fits(write(withKeep.apply(max)))) {
      return withKeep.apply(max);
    }
    int low = 0;
    int high = max - 1;
    while (low < high) {
      int middle = (low + high + 1) / 2;
      if (fits(write(withKeep.apply(middle)))) {
        low = middle;
      } else {
        high = middle - 1;
      }
    }
    return withKeep.apply(low);
  }

  private static PlanResult withPending(PlanResult plan, int keep) {
    return new PlanResult(
        plan.pending().subList(0, Math.min(keep, plan.pending().size())),
        plan.seeds(),
        plan.problems(),
        plan.truncated() || keep < plan.pending().size(),
        plan.baseline(),
        plan.caution());
  }

  private static PlanResult withBaseline(PlanResult plan, int keep) {
    BaselinePlan baseline = plan.baseline();
    if (baseline == null || keep >= baseline.migrations().size()) {
      return plan;
    }
    return new PlanResult(
        plan.pending(),
        plan.seeds(),
        plan.problems(),
        true,
        new BaselinePlan(
            baseline.version(), baseline.migrations().subList(0, keep), baseline.recordedByRun()),
        plan.caution());
  }

  private static PlanResult withSeedFiles(PlanResult plan, int keep) {
    boolean cut = plan.seeds().stream().anyMatch(s -> s.files().size() > keep);
    List<SeedPlan> seeds =
        plan.seeds().stream()
            .map(
                s ->
                    s.files().size() <= keep
                        ? s
                        : new SeedPlan(s.name(), s.skipped(), s.files().subList(0, keep)))
            .toList();
    return new PlanResult(
        plan.pending(),
        seeds,
        plan.problems(),
        plan.truncated() || cut,
        plan.baseline(),
        plan.caution());
  }

  private static PlanResult withProblemLength(PlanResult plan, int keep) {
    boolean cut = plan.problems().stream().anyMatch(p -> p.length() > keep);
    List<String> problems =
        plan.problems().stream()
            .map(p -> p.length() <= keep ? p : RunResultJson.shorten(p, keep))
            .toList();
    return new PlanResult(
        plan.pending(),
        plan.seeds(),
        problems,
        plan.truncated() || cut,
        plan.baseline(),
        plan.caution());
  }

  private static PlanResult withProblems(PlanResult plan, int keep) {
    return new PlanResult(
        plan.pending(),
        plan.seeds(),
        plan.problems().subList(0, Math.min(keep, plan.problems().size())),
        plan.truncated() || keep < plan.problems().size(),
        plan.baseline(),
        plan.caution());
  }

  private String write(PlanResult plan) {
    try {
      return mapper.writeValueAsString(plan);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write plan", e);
    }
  }

  private static boolean fits(String json) {
    return json.getBytes(StandardCharsets.UTF_8).length <= MAX_BYTES;
  }
}
