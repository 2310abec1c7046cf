package io.dbmigrate.reconcile;

import io.dbmigrate.api.DatabaseMigrationStatus;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The one place conditions are written. kstatus: every condition carries the observed generation,
 * and {@code lastTransitionTime} moves only when the condition's status flips, so an unchanged
 * state produces an identical status (and no write).
 */
final class Conditions {
  static final String READY = "Ready";
  static final String RECONCILING = "Reconciling";
  static final String STALLED = "Stalled";
  static final String MIGRATIONS_APPLIED = "MigrationsApplied";
  static final String SEEDS_APPLIED = "SeedsApplied";
  static final String RESET = "Reset";
  static final String REPAIRED = "Repaired";
  static final String DATABASE_HEALTHY = "DatabaseHealthy";
  static final String SOURCES_RESOLVED = "SourcesResolved";

  static final String TRUE = "True";
  static final String FALSE = "False";
  static final String UNKNOWN = "Unknown";

  private final List<Condition> conditions;
  private final long generation;
  private final Instant now;

  private Conditions(List<Condition> current, long generation, Instant now) {
    this.conditions = new ArrayList<>(current == null ? List.of() : current);
    this.generation = generation;
    this.now = now.truncatedTo(ChronoUnit.SECONDS);
  }

  static Conditions editing(List<Condition> current, long generation, Instant now) {
    return new Conditions(current, generation, now);
  }

  static Optional<Condition> find(List<Condition> conditions, String type) {
    return conditions == null
        ? Optional.empty()
        : conditions.stream().filter(c -> type.equals(c.getType())).findFirst();
  }

  /** The Ready condition's message: what Events about the resource's state say. */
  static String readyMessage(DatabaseMigrationStatus status) {
    return find(status.getConditions(), READY).map(Condition::getMessage).orElse("");
  }

  Conditions set(String type, String status, String reason, String message) {
    Optional<Condition> previous = find(conditions, type);
    String transitionTime =
        previous
            .filter(c -> status.equals(c.getStatus()) && c.getLastTransitionTime() != null)
            .map(Condition::getLastTransitionTime)
            .orElse(now.toString());
    Condition updated =
        new ConditionBuilder()
            .withType(type)
            .withStatus(status)
            .withReason(reason)
            .withMessage(message)
            .withObservedGeneration(generation)
            .withLastTransitionTime(transitionTime)
            .build();
    previous.ifPresentOrElse(
        c -> conditions.set(conditions.indexOf(c), updated), () -> conditions.add(updated));
    return this;
  }

  /** Drops the condition of this type: what it described is gone from the spec. */
  Conditions remove(String type) {
    conditions.removeIf(c -> type.equals(c.getType()));
    return this;
  }

  /**
   * The conditions, all stamped with the generation just observed: one not set in this pass still
   * holds for it (kstatus readers compare each condition's generation).
   */
  /** kstatus InProgress: work is under way (Ready=False, Reconciling=True, Stalled=False). */
  Conditions inProgress(String reason, String message) {
    return kstatus(FALSE, TRUE, FALSE, reason, message, message);
  }

  /** kstatus Current: the desired state is reached (Ready=True, the others False). */
  Conditions current(String reason, String message) {
    return kstatus(TRUE, FALSE, FALSE, reason, message, message);
  }

  /** kstatus Failed: stuck until someone changes an input (Ready=False, Stalled=True). */
  Conditions stalled(String reason, String message, String whyNotReconciling) {
    return kstatus(FALSE, FALSE, TRUE, reason, message, whyNotReconciling);
  }

  /** Waiting for a person (an approval): not ready, neither progressing nor stuck. */
  Conditions waiting(String reason, String message) {
    return kstatus(FALSE, FALSE, FALSE, reason, message, message);
  }

  private Conditions kstatus(
      String ready,
      String reconciling,
      String stalled,
      String reason,
      String message,
      String reconcilingMessage) {
    return set(READY, ready, reason, message)
        .set(RECONCILING, reconciling, reason, reconcilingMessage)
        .set(STALLED, stalled, reason, message);
  }

  List<Condition> toList() {
    return conditions.stream()
        .map(
            c ->
                generation == Objects.requireNonNullElse(c.getObservedGeneration(), -1L)
                    ? c
                    : new ConditionBuilder(c).withObservedGeneration(generation).build())
        .toList();
  }
}
