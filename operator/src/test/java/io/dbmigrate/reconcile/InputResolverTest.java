package io.dbmigrate.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class InputResolverTest {
  @ParameterizedTest(name = "{0} is version {1}")
  @CsvSource({
    "V1__a.sql, 1", "V1.0__a.sql, 1", "V1_0__a.sql, 1", "V01__a.sql, 1", "V1.0.0__a.sql, 1",
    "V1.1__a.sql, 1.1", "V1.01__a.sql, 1.1", "V2_10__a.sql, 2.10", "V0__a.sql, 0",
        "R__views.sql, R__views.sql"
  })
  void versionsCompareAsFlywayComparesThem(String file, String version) {
    assertThat(InputResolver.versionOf(file)).isEqualTo(version);
  }
}
