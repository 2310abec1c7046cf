package io.dbmigrate.health;

import static org.assertj.core.api.Assertions.assertThat;

import io.dbmigrate.db.SessionActivity;
import io.dbmigrate.db.SessionActivity.Holder;
import io.dbmigrate.db.SessionActivity.LockWait;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RunningMigrationTest {
  private static final String SESSION = "dbmigrate:0123456789";
  private static final Instant NOW = Instant.parse("2026-11-27T12:00:00Z");
  private static final Set<String> FILES =
      Set.of("V12__add_column.sql", "V13__" + "a_very_long_description_".repeat(3) + ".sql");

  private static SessionActivity session(String file, LockWait wait) {
    return new SessionActivity(4100, SESSION + " " + file, Duration.ofSeconds(5), wait);
  }

  private static LockWait lockHeldBy(int pid, Duration waited, Duration idleFor) {
    return new LockWait(
        "a lock on table orders",
        "AccessExclusiveLock",
        waited,
        new Holder(pid, "billing-api", "app", "idle in transaction", idleFor, "SELECT 1"));
  }

  private static Optional<RunningMigration> seen(
      Optional<RunningMigration> previous, SessionActivity... sessions) {
    return RunningMigration.seen(previous, SESSION, List.of(sessions), FILES, NOW);
  }

  @Test
  void aSessionOfTheJobNamesItsMigrationAndWhenItStarted() {
    Optional<RunningMigration> run = seen(Optional.empty(), session("V12__add_column.sql", null));

    assertThat(run)
        .hasValueSatisfying(
            r -> {
              assertThat(r.script()).isEqualTo("V12__add_column.sql");
              assertThat(r.startedAt()).isEqualTo(NOW.minusSeconds(5));
              assertThat(r.waiting()).isFalse();
            });
  }

  @Test
  void otherSessionsAndShortWaitsAreNotReported() {
    SessionActivity other =
        new SessionActivity(
            1,
            "dbmigrate:9999999999 V12__add_column.sql",
            Duration.ZERO,
            lockHeldBy(7, Duration.ofMinutes(1), Duration.ZERO));
    assertThat(seen(Optional.empty(), other)).isEmpty();

    Optional<RunningMigration> brief =
        seen(
            Optional.empty(),
            session("V12__add_column.sql", lockHeldBy(7, Duration.ofMillis(500), Duration.ZERO)));
    assertThat(brief.orElseThrow().waiting()).isFalse();
  }

  @Test
  void theSameWaitOnTheSameHolderKeepsTheFirstSnapshotSoTheStatusDoesNotChurn() {
    Optional<RunningMigration> first =
        seen(
            Optional.empty(),
            session(
                "V12__add_column.sql",
                lockHeldBy(4242, Duration.ofSeconds(3), Duration.ofMinutes(12))));
    Optional<RunningMigration> later =
        seen(
            first,
            session(
                "V12__add_column.sql",
                lockHeldBy(4242, Duration.ofSeconds(9), Duration.ofMinutes(13))));
    Optional<RunningMigration> otherHolder =
        seen(
            later,
            session("V12__add_column.sql", lockHeldBy(4243, Duration.ofSeconds(1), Duration.ZERO)));

    assertThat(later).containsSame(first.orElseThrow());
    assertThat(first.orElseThrow().waitingSince()).isEqualTo(NOW.minusSeconds(3));
    assertThat(first.orElseThrow().describe())
        .isEqualTo(
            "V12__add_column.sql waiting since 2026-11-27T11:59:57Z for a lock on table orders"
                + " held by pid 4242 (billing-api, user app, idle in transaction for 12 min:"
                + " SELECT 1)");
    assertThat(otherHolder.orElseThrow().waiting())
        .as("a new wait is reported once it lasts")
        .isFalse();
  }

  @Test
  void noSessionKeepsWhatWasLastSeenAndACutNameIsCompleted() {
    Optional<RunningMigration> last = seen(Optional.empty(), session("V12__add_column.sql", null));
    assertThat(seen(last)).isEqualTo(last);

    String full = "V13__" + "a_very_long_description_".repeat(3) + ".sql";
    String cut = (SESSION + " " + full).substring(0, 63).substring(SESSION.length() + 1);
    assertThat(seen(last, session(cut, null)).orElseThrow().script()).isEqualTo(full);
  }
}
