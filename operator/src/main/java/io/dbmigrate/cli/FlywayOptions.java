package io.dbmigrate.cli;

import io.dbmigrate.config.FlywayConfigFile;
import io.dbmigrate.config.FlywaySettings;
import io.dbmigrate.db.Redactor;
import io.dbmigrate.runner.RunOptions;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * The Flyway settings a command runs with. They are merged in this order, later winning: the {@code
 * --config} file, {@code --flyway} settings, then the named options ({@code --schema}, {@code
 * --table}, …) and placeholders.
 */
final class FlywayOptions {
  @Spec(Spec.Target.MIXEE)
  CommandSpec spec;

  @Option(
      names = "--config",
      paramLabel = "FILE",
      description = {
        "Flyway's own flyway.toml ([flyway] table only) or flyway.conf (flyway.* keys);",
        "url, user, password and locations are refused: use --url, DBMIGRATE_* and --migrations."
      })
  Path configFile;

  @Option(
      names = "--flyway",
      paramLabel = "KEY=VALUE",
      description = {
        "A Flyway setting by its flyway.conf name without 'flyway.' (table=history,",
        "outOfOrder=true, placeholders.name=value, ...); repeatable."
      })
  Map<String, String> settings = new LinkedHashMap<>();

  @Option(
      names = "--schema",
      paramLabel = "NAME",
      description = {
        "A schema Flyway manages; repeatable. The first is the default schema,",
        "where the history table is kept (schemas and defaultSchema)."
      })
  List<String> schemas = new ArrayList<>();

  @Option(
      names = "--table",
      paramLabel = "NAME",
      description = "The schema history table (default: flyway_schema_history).")
  String table;

  @Option(
      names = "--baseline-version",
      paramLabel = "VERSION",
      description = {
        "Baseline a database that has tables but no history at VERSION: migrations up to it",
        "count as applied. Sets baselineOnMigrate=true unless the settings say otherwise."
      })
  String baselineVersion;

  @Option(
      names = "--out-of-order",
      description = "Apply a migration older than the newest applied one instead of refusing.")
  boolean outOfOrder;

  @Option(
      names = "--placeholder",
      paramLabel = "KEY=VALUE",
      description = "A placeholder: $${KEY} in a migration becomes VALUE; repeatable.")
  Map<String, String> placeholders = new LinkedHashMap<>();

  @Option(
      names = "--placeholder-from-env",
      paramLabel = "KEY=ENV_VAR",
      description = {
        "A placeholder whose value is read from the environment variable ENV_VAR; the value",
        "is treated as a secret and masked in all output. Repeatable."
      })
  Map<String, String> placeholdersFromEnvironment = new LinkedHashMap<>();

  /** The settings given, checked; a bad one is a usage error (exit 2) naming it. */
  FlywaySettings settings(Map<String, String> environment) {
    try {
      FlywaySettings fromFile =
          configFile == null ? FlywaySettings.NONE : FlywayConfigFile.read(configFile);
      Map<String, String> explicit = new LinkedHashMap<>(settings);
      named(fromFile, explicit);
      placeholders.forEach((key, value) -> explicit.put(FlywaySettings.PLACEHOLDERS + key, value));
      secretPlaceholders(environment, explicit);
      return fromFile.with(explicit);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage());
    }
  }

  RunOptions applyTo(RunOptions options, Map<String, String> environment) {
    return options.withFlyway(settings(environment));
  }

  private void named(FlywaySettings fromFile, Map<String, String> explicit) {
    if (!schemas.isEmpty()) {
      explicit.put("schemas", String.join(",", schemas));
      explicit.put("defaultSchema", schemas.get(0));
    }
    putIfGiven(explicit, "table", table);
    if (baselineVersion != null) {
      explicit.put("baselineVersion", baselineVersion);
      // Asking for a baseline version means baselining on migrate, unless a setting says no.
      if (!explicit.containsKey("baselineOnMigrate") && fromFile.get("baselineOnMigrate") == null) {
        explicit.put("baselineOnMigrate", "true");
      }
    }
    if (outOfOrder) {
      explicit.put("outOfOrder", "true");
    }
  }

  /** Reads each value from the environment and has it masked before anything can print it. */
  private void secretPlaceholders(Map<String, String> environment, Map<String, String> explicit) {
    placeholdersFromEnvironment.forEach(
        (key, variable) -> {
          String value = environment.get(variable);
          if (value == null) {
            throw new IllegalArgumentException(
                "environment variable "
                    + variable
                    + " is not set (--placeholder-from-env "
                    + key
                    + "="
                    + variable
                    + ")");
          }
          Redactor.process().remember(value);
          explicit.put(FlywaySettings.PLACEHOLDERS + key, value);
        });
  }

  private static void putIfGiven(Map<String, String> settings, String key, String value) {
    if (value != null) {
      settings.put(key, value);
    }
  }
}
