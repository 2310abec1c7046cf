package io.dbmigrate.runner;

import io.dbmigrate.config.FlywaySettings;
import java.util.List;
import java.util.function.Consumer;
import org.flywaydb.core.api.configuration.FluentConfiguration;

/**
 * Applies the user's {@link FlywaySettings} to a Flyway configuration, each through Flyway's typed
 * setter. The settings were checked when they were read; what is not set keeps the runner's choice
 * (see {@code MigrationRunner.flyway}) or Flyway's default.
 */
final class FlywayConfigurer {
  private FlywayConfigurer() {}

  static FluentConfiguration apply(FlywaySettings settings, FluentConfiguration flyway) {
    if (!settings.placeholders().isEmpty()) {
      flyway.placeholders(settings.placeholders());
    }
    text(settings, "placeholderPrefix", flyway::placeholderPrefix);
    text(settings, "placeholderSuffix", flyway::placeholderSuffix);
    flag(settings, "placeholderReplacement", flyway::placeholderReplacement);
    list(settings, "schemas", schemas -> flyway.schemas(schemas.toArray(String[]::new)));
    text(settings, "defaultSchema", flyway::defaultSchema);
    flag(settings, "createSchemas", flyway::createSchemas);
    text(settings, "table", flyway::table);
    flag(settings, "baselineOnMigrate", flyway::baselineOnMigrate);
    text(settings, "baselineVersion", flyway::baselineVersion);
    text(settings, "baselineDescription", flyway::baselineDescription);
    flag(settings, "outOfOrder", flyway::outOfOrder);
    text(settings, "sqlMigrationPrefix", flyway::sqlMigrationPrefix);
    text(settings, "sqlMigrationSeparator", flyway::sqlMigrationSeparator);
    list(
        settings,
        "sqlMigrationSuffixes",
        suffixes -> flyway.sqlMigrationSuffixes(suffixes.toArray(String[]::new)));
    text(settings, "repeatableSqlMigrationPrefix", flyway::repeatableSqlMigrationPrefix);
    flag(settings, "validateMigrationNaming", flyway::validateMigrationNaming);
    flag(settings, "mixed", flyway::mixed);
    flag(settings, "group", flyway::group);
    text(settings, "encoding", flyway::encoding);
    text(settings, "connectRetries", value -> flyway.connectRetries(Integer.parseInt(value)));
    text(settings, "initSql", flyway::initSql);
    list(
        settings,
        "ignoreMigrationPatterns",
        patterns -> flyway.ignoreMigrationPatterns(patterns.toArray(String[]::new)));
    return flyway;
  }

  private static void text(FlywaySettings settings, String key, Consumer<String> setter) {
    String value = settings.get(key);
    if (value != null) {
      setter.accept(value);
    }
  }

  private static void flag(FlywaySettings settings, String key, Consumer<Boolean> setter) {
    if (settings.get(key) != null) {
      setter.accept(settings.isTrue(key));
    }
  }

  private static void list(FlywaySettings settings, String key, Consumer<List<String>> setter) {
    if (settings.get(key) != null) {
      setter.accept(settings.list(key));
    }
  }
}
