package io.dbmigrate.config;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class MigrationFileNamesTest {
  @ParameterizedTest(name = "{0} is a migration")
  @ValueSource(
      strings = {"V1__init.sql", "V1.2__a.sql", "V1_2__a.sql", "V2.0.10__a b.sql", "R__views.sql"})
  void flywaysDefaultNamesAreMigrations(String file) {
    assertThat(MigrationFileNames.DEFAULT.isMigration(file)).isTrue();
  }

  @ParameterizedTest(name = "{0} is no migration")
  @ValueSource(
      strings = {
        "init.sql",
        "V1_init.sql",
        "V1__.sql",
        "Vx__a.sql",
        "V1.__a.sql",
        "v1__a.sql",
        "V1__a.SQL",
        "R1__a.sql",
        "U1__a.sql",
        "V1__a.sql.bak"
      })
  void otherNamesAreNot(String file) {
    assertThat(MigrationFileNames.DEFAULT.isMigration(file)).isFalse();
  }

  @ParameterizedTest(name = "{0} is version {1}")
  @CsvSource({
    "V1__a.sql, 1",
    "V1.0__a.sql, 1",
    "V1_0__a.sql, 1",
    "V01__a.sql, 1",
    "V1.0.0__a.sql, 1",
    "V1.1__a.sql, 1.1",
    "V1.01__a.sql, 1.1",
    "V2_10__a.sql, 2.10",
    "V0__a.sql, 0",
    "R__views.sql, R__views.sql"
  })
  void versionsCompareAsFlywayComparesThem(String file, String version) {
    assertThat(MigrationFileNames.DEFAULT.versionOf(file)).isEqualTo(version);
  }
}
