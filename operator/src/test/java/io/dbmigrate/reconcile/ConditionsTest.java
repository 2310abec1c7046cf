package io.dbmigrate.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Condition;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConditionsTest {
  static final Instant T1 = Instant.parse("2026-11-25T10:00:00.123Z");
  static final Instant T2 = Instant.parse("2026-11-25T11:00:00Z");

  @Test
  void transitionTimeMovesOnlyWhenTheStatusFlips() {
    List<Condition> first =
        Conditions.editing(List.of(), 1, T1).set("Ready", "False", "Migrating", "running").toList();
    assertThat(first)
        .singleElement()
        .satisfies(
            c -> {
              assertThat(c.getLastTransitionTime()).isEqualTo("2026-11-25T10:00:00Z");
              assertThat(c.getObservedGeneration()).isEqualTo(1L);
            });

    List<Condition> sameStatus =
        Conditions.editing(first, 2, T2)
            .set("Ready", "False", "MigrationFailed", "broken")
            .toList();
    assertThat(sameStatus)
        .singleElement()
        .satisfies(
            c -> {
              assertThat(c.getLastTransitionTime()).isEqualTo("2026-11-25T10:00:00Z");
              assertThat(c.getReason()).isEqualTo("MigrationFailed");
              assertThat(c.getObservedGeneration()).isEqualTo(2L);
            });

    List<Condition> flipped =
        Conditions.editing(sameStatus, 2, T2)
            .set("Ready", "True", "MigrationsApplied", "ok")
            .toList();
    assertThat(flipped)
        .singleElement()
        .satisfies(c -> assertThat(c.getLastTransitionTime()).isEqualTo("2026-11-25T11:00:00Z"));
  }

  @Test
  void conditionsNotSetAgainAreStampedWithTheObservedGeneration() {
    List<Condition> first =
        Conditions.editing(List.of(), 1, T1)
            .set("Ready", "True", "A", "a")
            .set("MigrationsApplied", "True", "A", "a")
            .toList();
    List<Condition> second =
        Conditions.editing(first, 2, T2).set("Ready", "False", "B", "b").toList();
    assertThat(second).allSatisfy(c -> assertThat(c.getObservedGeneration()).isEqualTo(2L));
    assertThat(Conditions.find(second, "MigrationsApplied"))
        .get()
        .satisfies(
            c -> {
              assertThat(c.getLastTransitionTime()).isEqualTo("2026-11-25T10:00:00Z");
              assertThat(c.getReason()).isEqualTo("A");
            });
  }

  @Test
  void conditionsKeepTheirOrderAndAreReplacedInPlace() {
    List<Condition> conditions =
        Conditions.editing(List.of(), 1, T1)
            .set("Ready", "False", "A", "a")
            .set("Reconciling", "True", "B", "b")
            .set("Ready", "True", "C", "c")
            .toList();
    assertThat(conditions).extracting(Condition::getType).containsExactly("Ready", "Reconciling");
    assertThat(Conditions.find(conditions, "Ready"))
        .get()
        .extracting(Condition::getReason)
        .isEqualTo("C");
    assertThat(Conditions.find(conditions, "Stalled")).isEmpty();
  }
}
