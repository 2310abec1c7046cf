package io.dbmigrate.reconcile;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The one place conditions are written. kstatus: every condition carries the observed
 * generation, and {@code lastTransitionTime} moves only when the condition's status flips, so
 * an unchanged state produces an identical status (and no write).
 */
final class Conditions {
  static final String READY = "Ready";
  static final String RECONCILING = "Reconciling";
  static final String STALLED = "Stalled";
  static final String MIGRATIONS_APPLIED = "MigrationsApplied";
  static final String SEEDS_APPLIED = "SeedsApplied";
  static final String RESET = "Reset";
  static final String DATABASE_HEALTHY = "DatabaseHealthy";

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

  /**
   * The conditions, all stamped with the generation just observed: one not set in this pass
   * still holds for it (kstatus readers compare each condition's generation).
   */
  List<Condition> toList() {
    return conditions.stream()
        .map(c -> generation == Objects.requireNonNullElse(c.getObservedGeneration(), -1L)
            ? c
            : new ConditionBuilder(c).withObservedGeneration(generation).build())
        .toList();
  }
}
