package io.dbmigrate.db;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MigrationLocksTest {
  private static final String SESSION = "dbmigrate:1a2b3c4d5e";

  @Test
  void aShortNameIsTheSessionAndTheFile() {
    assertThat(MigrationLocks.name(SESSION, "V2__note.sql"))
        .isEqualTo("dbmigrate:1a2b3c4d5e V2__note.sql");
  }

  @Test
  void longNamesFitMySqlsLimitAndStayApart() {
    String common = "V20261201120000__add_the_customer_reference_to_orders_";
    String first = MigrationLocks.name(SESSION, common + "part1.sql");
    String second = MigrationLocks.name(SESSION, common + "part2.sql");

    assertThat(first).hasSize(MigrationLocks.MAX_NAME).startsWith(SESSION + " V2026");
    assertThat(second).hasSize(MigrationLocks.MAX_NAME).isNotEqualTo(first);
    assertThat(MigrationLocks.name(SESSION, common + "part1.sql")).isEqualTo(first);
  }
}
