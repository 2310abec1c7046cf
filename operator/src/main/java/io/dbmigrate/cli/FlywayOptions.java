package io.dbmigrate.cli;

import io.dbmigrate.config.FlywaySettings;
import io.dbmigrate.runner.RunOptions;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** The Flyway settings a command runs with: any supported setting, and placeholders. */
final class FlywayOptions {
  @Spec(Spec.Target.MIXEE)
  CommandSpec spec;

  @Option(
      names = "--flyway",
      paramLabel = "KEY=VALUE",
      description = {
        "A Flyway setting by its flyway.conf name without 'flyway.' (table=history,",
        "outOfOrder=true, placeholders.name=value, ...); repeatable."
      })
  Map<String, String> settings = new LinkedHashMap<>();

  @Option(
      names = "--placeholder",
      paramLabel = "KEY=VALUE",
      description = "A placeholder: ${KEY} in a migration becomes VALUE; repeatable.")
  Map<String, String> placeholders = new LinkedHashMap<>();

  /** The settings given, checked; a bad one is a usage error (exit 2) naming it. */
  FlywaySettings settings() {
    Map<String, String> all = new LinkedHashMap<>(settings);
    placeholders.forEach((key, value) -> all.put(FlywaySettings.PLACEHOLDERS + key, value));
    try {
      return FlywaySettings.of(all);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage());
    }
  }

  RunOptions applyTo(RunOptions options) {
    return options.withFlyway(settings());
  }
}
