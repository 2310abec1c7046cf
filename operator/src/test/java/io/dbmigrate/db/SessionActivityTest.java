package io.dbmigrate.db;

import static org.assertj.core.api.Assertions.assertThat;

import io.dbmigrate.db.SessionActivity.Holder;
import io.dbmigrate.db.SessionActivity.LockWait;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class SessionActivityTest {
  @Test
  void aHoldersQueryIsOneLineCutShortAndWithoutPasswords() {
    Holder holder =
        new Holder(
            7,
            "psql",
            "admin",
            "active",
            Duration.ofSeconds(3),
            "ALTER ROLE app\n   PASSWORD 'Pa''ss-W0rd-42' VALID UNTIL 'infinity'");

    assertThat(holder.query())
        .isEqualTo("ALTER ROLE app PASSWORD '****' VALID UNTIL 'infinity'")
        .doesNotContain("W0rd");
    assertThat(new Holder(7, null, "a", "active", null, "SELECT '" + "x".repeat(300) + "'").query())
        .hasSize(Holder.QUERY_LENGTH)
        .endsWith("…");
  }

  @Test
  void aHolderWhoseActivityIsHiddenSaysWhichRoleShowsIt() {
    Holder hidden = new Holder(4242, "billing-api", "app", null, null, "<insufficient privilege>");

    assertThat(
            new LockWait("a lock on table orders", "AccessExclusiveLock", null, hidden).describe())
        .isEqualTo(
            "a lock on table orders held by pid 4242 (billing-api, user app; its state and query"
                + " are hidden: grant pg_read_all_stats to see them)");
  }

  @Test
  void lengthsReadAsAPersonWouldSayThem() {
    assertThat(SessionActivity.describe(Duration.ofMillis(406))).isEqualTo("406 ms");
    assertThat(SessionActivity.describe(Duration.ofSeconds(40))).isEqualTo("40 s");
    assertThat(SessionActivity.describe(Duration.ofMinutes(12))).isEqualTo("12 min");
    assertThat(SessionActivity.describe(Duration.ofMinutes(125))).isEqualTo("2 h 5 min");
  }
}
