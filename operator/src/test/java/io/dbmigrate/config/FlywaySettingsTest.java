package io.dbmigrate.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FlywaySettingsTest {
  @Test
  void keepsTextAsWrittenAndTrimsTheRest() {
    FlywaySettings settings =
        FlywaySettings.of(
            Map.of(
                "initSql", " SET ROLE app ",
                "table", " history ",
                "placeholders.greeting", " hello "));

    assertThat(settings.get("table")).isEqualTo("history");
    assertThat(settings.get("initSql")).isEqualTo("SET ROLE app");
    assertThat(settings.placeholders()).containsExactly(Map.entry("greeting", " hello "));
  }

  @Test
  void dropsNullValuesAndTrimsKeys() {
    Map<String, String> given = new HashMap<>();
    given.put(" table ", "history");
    given.put("outOfOrder", null);

    assertThat(FlywaySettings.of(given).values()).containsExactly(Map.entry("table", "history"));
  }

  @ParameterizedTest
  @CsvSource({"true,true", "TRUE,true", " False ,false"})
  void readsBooleansInAnyCase(String written, String kept) {
    assertThat(FlywaySettings.of(Map.of("outOfOrder", written)).get("outOfOrder")).isEqualTo(kept);
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "outOfOrder|yes|Flyway setting outOfOrder must be true or false, not 'yes'",
        "table| |Flyway setting table must not be empty",
        "schemas|''|Flyway setting schemas must not be empty",
        "connectRetries|101|Flyway setting connectRetries must be a whole number from 0 to 100, not '101'",
        "connectRetries|-1|Flyway setting connectRetries must be a whole number from 0 to 100, not '-1'",
        "connectRetries|x|Flyway setting connectRetries must be a whole number from 0 to 100, not 'x'",
        "baselineVersion|v3|Flyway setting baselineVersion must be a version such as 1, 3 or 1.2, not 'v3'",
        "baselineVersion|1..2|Flyway setting baselineVersion must be a version such as 1, 3 or 1.2, not '1..2'",
        "encoding|klingon-8|Flyway setting encoding names no known encoding: 'klingon-8'",
        "placeholders.a b|x|placeholder name 'a b' is not valid: use letters, digits, '_', '.', ':' or '-'"
      })
  void refusesABadValueByName(String key, String value, String message) {
    assertThatThrownBy(() -> FlywaySettings.of(Map.of(key, value == null ? "" : value)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(message);
  }

  @Test
  void acceptsEveryKindOfValue() {
    FlywaySettings settings =
        FlywaySettings.of(
            Map.of(
                "connectRetries", "100",
                "baselineVersion", "1_2.3",
                "encoding", "ISO-8859-1",
                "schemas", "app, audit,,",
                "placeholderPrefix", "#{"));

    assertThat(settings.list("schemas")).containsExactly("app", "audit");
    assertThat(settings.get("baselineVersion")).isEqualTo("1_2.3");
    assertThat(settings.list("sqlMigrationSuffixes")).isEmpty();
  }

  @Test
  void namesEverySupportedKeyWhenOneIsUnknown() {
    assertThatThrownBy(() -> FlywaySettings.of(Map.of("cleanDisabled", "false")))
        .hasMessageStartingWith("unknown Flyway setting 'cleanDisabled'; supported: ")
        .hasMessageContaining(String.join(", ", FlywaySettings.supportedKeys()))
        .hasMessageEndingWith(" and placeholders.<name>");
  }

  @Test
  void refusesCombinationsThatCannotWork() {
    assertThatThrownBy(
            () -> FlywaySettings.of(Map.of("schemas", "app, audit", "defaultSchema", "public")))
        .hasMessageStartingWith("defaultSchema public is not one of schemas (app, audit)");
    assertThatThrownBy(() -> FlywaySettings.of(Map.of("repeatableSqlMigrationPrefix", "V")))
        .hasMessageStartingWith("sqlMigrationPrefix and repeatableSqlMigrationPrefix are both 'V'");
    assertThatThrownBy(
            () ->
                FlywaySettings.of(Map.of("placeholderReplacement", "false", "placeholders.a", "x")))
        .hasMessage(
            "placeholders are set but placeholderReplacement is false: they would never be used");
  }

  @Test
  void acceptsTheCombinationsThatWork() {
    assertThat(
            FlywaySettings.of(
                    Map.of(
                        "schemas", "app,audit",
                        "defaultSchema", "audit",
                        "baselineDescription", "adopted",
                        "baselineOnMigrate", "true"))
                .get("defaultSchema"))
        .isEqualTo("audit");
    assertThat(FlywaySettings.of(Map.of("defaultSchema", "app")).get("defaultSchema"))
        .isEqualTo("app");
  }

  @Test
  void laterSettingsWinAndTheMergeIsCheckedAgain() {
    FlywaySettings fromFile = FlywaySettings.of(Map.of("table", "file_history", "mixed", "true"));

    FlywaySettings merged = fromFile.with(Map.of("table", "flag_history"));

    assertThat(merged.values())
        .containsExactly(Map.entry("mixed", "true"), Map.entry("table", "flag_history"));
    assertThatThrownBy(() -> fromFile.with(Map.of("mixed", "maybe")))
        .hasMessageContaining("mixed must be true or false");
  }

  @Test
  void fileNamesFollowThePrefixSeparatorAndSuffixes() {
    MigrationFileNames names =
        FlywaySettings.of(
                Map.of(
                    "sqlMigrationPrefix", "M",
                    "sqlMigrationSeparator", "-",
                    "sqlMigrationSuffixes", ".pgsql,.sql"))
            .fileNames();

    assertThat(names.isMigration("M1-init.pgsql")).isTrue();
    assertThat(names.isMigration("M2-more.sql")).isTrue();
    assertThat(names.isMigration("V1__init.sql")).isFalse();
    assertThat(names.isRepeatable("R-views.pgsql")).isTrue();
    assertThat(FlywaySettings.NONE.fileNames().isMigration("V1__init.sql")).isTrue();
  }

  @Test
  void neverShowsPlaceholderValues() {
    FlywaySettings settings =
        FlywaySettings.of(Map.of("placeholders.apiKey", "s3cr3t-value", "table", "history"));

    assertThat(settings.toString())
        .isEqualTo("FlywaySettings{placeholders.apiKey=****, table=history}")
        .doesNotContain("s3cr3t-value");
    assertThat(settings.values()).containsEntry("placeholders.apiKey", "s3cr3t-value");
  }

  @Test
  void everySupportedKeyHasAKind() {
    assertThat(FlywaySettings.supportedKeys()).isEqualTo(FlywaySettings.KEYS.keySet());
    assertThat(FlywaySettings.KEYS)
        .containsEntry("schemas", FlywaySettings.Kind.LIST)
        .containsEntry("outOfOrder", FlywaySettings.Kind.BOOLEAN)
        .containsEntry("baselineVersion", FlywaySettings.Kind.VERSION);
    assertThat(List.copyOf(FlywaySettings.supportedKeys())).isSorted();
  }
}
