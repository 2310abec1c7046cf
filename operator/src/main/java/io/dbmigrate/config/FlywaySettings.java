package io.dbmigrate.config;

import java.nio.charset.Charset;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.UnsupportedCharsetException;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * The Flyway settings a migration set is run with, by Flyway's own names without the {@code
 * flyway.} prefix ({@code table}, {@code schemas}, {@code placeholders.tableName}): the one form
 * that the spec's {@code spec.flyway}, the command-line flags, {@code flyway.toml} and {@code
 * flyway.conf} are all turned into, that travels to the Job as {@code --flyway KEY=VALUE}, and that
 * is applied to Flyway in one place ({@code MigrationRunner.flyway}). Only the settings listed in
 * {@link #KEYS} are accepted; anything else is refused by name instead of being ignored.
 *
 * <p>Values are kept as written; {@link #of} checks each one (booleans, numbers, versions,
 * encodings) and the combinations that cannot work, so a bad value is a clear message before any
 * connection is made.
 */
public final class FlywaySettings {
  /** Placeholders are {@code placeholders.<name>}; every other key is one of these. */
  public static final String PLACEHOLDERS = "placeholders.";

  /** Every supported setting and what its value must be. */
  public static final Map<String, Kind> KEYS = keys();

  /** How a setting's value is read. */
  public enum Kind {
    TEXT,
    NON_EMPTY,
    BOOLEAN,
    COUNT,
    VERSION,
    ENCODING,
    LIST
  }

  public static final FlywaySettings NONE = new FlywaySettings(new TreeMap<>());

  private static final Pattern PLACEHOLDER_NAME = Pattern.compile("[A-Za-z0-9_.:-]+");
  private static final Pattern VERSION = Pattern.compile("[0-9]+([._][0-9]+)*");
  private static final int MAX_CONNECT_RETRIES = 100;

  private final SortedMap<String, String> values;

  private FlywaySettings(SortedMap<String, String> values) {
    this.values = Collections.unmodifiableSortedMap(values);
  }

  /**
   * Checks and keeps the settings.
   *
   * @param settings keys as in flyway.conf without {@code flyway.}; null values are dropped
   * @throws IllegalArgumentException naming the first unknown key, bad value or conflict
   */
  public static FlywaySettings of(Map<String, String> settings) {
    SortedMap<String, String> values = new TreeMap<>();
    for (Map.Entry<String, String> entry : settings.entrySet()) {
      if (entry.getValue() == null) {
        continue;
      }
      String key = entry.getKey().strip();
      values.put(key, check(key, entry.getValue()));
    }
    checkCombinations(values);
    return new FlywaySettings(values);
  }

  /** These settings with {@code overrides} on top (explicit flags over a config file). */
  public FlywaySettings with(Map<String, String> overrides) {
    Map<String, String> merged = new LinkedHashMap<>(values);
    merged.putAll(overrides);
    return of(merged);
  }

  /** The settings by name, sorted: part of the input digest, and what {@code --flyway} carries. */
  public SortedMap<String, String> values() {
    return values;
  }

  public String get(String key) {
    return values.get(key);
  }

  public boolean isTrue(String key) {
    return Boolean.parseBoolean(values.get(key));
  }

  /** A comma-separated setting as its parts, trimmed, empty parts dropped; empty when unset. */
  public List<String> list(String key) {
    String value = values.get(key);
    if (value == null) {
      return List.of();
    }
    return Arrays.stream(value.split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList();
  }

  /** The placeholders by name (without the {@code placeholders.} prefix). */
  public SortedMap<String, String> placeholders() {
    SortedMap<String, String> placeholders = new TreeMap<>();
    values.forEach(
        (key, value) -> {
          if (key.startsWith(PLACEHOLDERS)) {
            placeholders.put(key.substring(PLACEHOLDERS.length()), value);
          }
        });
    return placeholders;
  }

  /** How migration files are named under these settings. */
  public MigrationFileNames fileNames() {
    return MigrationFileNames.of(
        values.getOrDefault("sqlMigrationPrefix", "V"),
        values.getOrDefault("sqlMigrationSeparator", "__"),
        values.containsKey("sqlMigrationSuffixes") ? list("sqlMigrationSuffixes") : List.of(".sql"),
        values.getOrDefault("repeatableSqlMigrationPrefix", "R"));
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof FlywaySettings that && values.equals(that.values);
  }

  @Override
  public int hashCode() {
    return values.hashCode();
  }

  @Override
  public String toString() {
    // Placeholder values may come from Secrets: never printed.
    Map<String, String> shown = new TreeMap<>(values);
    shown.replaceAll((key, value) -> key.startsWith(PLACEHOLDERS) ? "****" : value);
    return "FlywaySettings" + shown;
  }

  private static String check(String key, String value) {
    if (key.startsWith(PLACEHOLDERS)) {
      String name = key.substring(PLACEHOLDERS.length());
      if (!PLACEHOLDER_NAME.matcher(name).matches()) {
        throw new IllegalArgumentException(
            "placeholder name '"
                + name
                + "' is not valid: use letters, digits, '_', '.', ':' or '-'");
      }
      return value;
    }
    Kind kind = KEYS.get(key);
    if (kind == null) {
      throw new IllegalArgumentException(
          "unknown Flyway setting '"
              + key
              + "'; supported: "
              + String.join(", ", supportedKeys())
              + " and placeholders.<name>");
    }
    String trimmed = value.strip();
    switch (kind) {
      case TEXT -> {
        return value;
      }
      case NON_EMPTY, LIST -> {
        if (trimmed.isEmpty()) {
          throw new IllegalArgumentException("Flyway setting " + key + " must not be empty");
        }
      }
      case BOOLEAN -> {
        if (!trimmed.equalsIgnoreCase("true") && !trimmed.equalsIgnoreCase("false")) {
          throw new IllegalArgumentException(
              "Flyway setting " + key + " must be true or false, not '" + value + "'");
        }
        return trimmed.toLowerCase(java.util.Locale.ROOT);
      }
      case COUNT -> {
        int count;
        try {
          count = Integer.parseInt(trimmed);
        } catch (NumberFormatException e) {
          count = -1;
        }
        if (count < 0 || count > MAX_CONNECT_RETRIES) {
          throw new IllegalArgumentException(
              "Flyway setting "
                  + key
                  + " must be a whole number from 0 to "
                  + MAX_CONNECT_RETRIES
                  + ", not '"
                  + value
                  + "'");
        }
      }
      case VERSION -> {
        if (!VERSION.matcher(trimmed).matches()) {
          throw new IllegalArgumentException(
              "Flyway setting "
                  + key
                  + " must be a version such as 1, 3 or 1.2, not '"
                  + value
                  + "'");
        }
      }
      case ENCODING -> {
        try {
          Charset.forName(trimmed);
        } catch (IllegalCharsetNameException | UnsupportedCharsetException e) {
          throw new IllegalArgumentException(
              "Flyway setting " + key + " names no known encoding: '" + value + "'");
        }
      }
    }
    return trimmed;
  }

  private static void checkCombinations(SortedMap<String, String> values) {
    String prefix = values.getOrDefault("sqlMigrationPrefix", "V");
    String repeatable = values.getOrDefault("repeatableSqlMigrationPrefix", "R");
    if (prefix.equals(repeatable)) {
      throw new IllegalArgumentException(
          "sqlMigrationPrefix and repeatableSqlMigrationPrefix are both '"
              + prefix
              + "': Flyway could not tell versioned from repeatable migrations");
    }
    String defaultSchema = values.get("defaultSchema");
    if (defaultSchema != null && values.containsKey("schemas")) {
      List<String> schemas =
          Arrays.stream(values.get("schemas").split(",")).map(String::strip).toList();
      if (!schemas.contains(defaultSchema)) {
        throw new IllegalArgumentException(
            "defaultSchema "
                + defaultSchema
                + " is not one of schemas ("
                + String.join(", ", schemas)
                + "): Flyway keeps its history in the default schema, which it must manage");
      }
    }
    if ("false".equals(values.get("placeholderReplacement"))
        && values.keySet().stream().anyMatch(k -> k.startsWith(PLACEHOLDERS))) {
      throw new IllegalArgumentException(
          "placeholders are set but placeholderReplacement is false: they would never be used");
    }
  }

  private static Map<String, Kind> keys() {
    Map<String, Kind> keys = new LinkedHashMap<>();
    keys.put("placeholderPrefix", Kind.NON_EMPTY);
    keys.put("placeholderSuffix", Kind.NON_EMPTY);
    keys.put("placeholderReplacement", Kind.BOOLEAN);
    keys.put("schemas", Kind.LIST);
    keys.put("defaultSchema", Kind.NON_EMPTY);
    keys.put("createSchemas", Kind.BOOLEAN);
    keys.put("table", Kind.NON_EMPTY);
    keys.put("baselineOnMigrate", Kind.BOOLEAN);
    keys.put("baselineVersion", Kind.VERSION);
    keys.put("baselineDescription", Kind.NON_EMPTY);
    keys.put("outOfOrder", Kind.BOOLEAN);
    keys.put("sqlMigrationPrefix", Kind.NON_EMPTY);
    keys.put("sqlMigrationSeparator", Kind.NON_EMPTY);
    keys.put("sqlMigrationSuffixes", Kind.LIST);
    keys.put("repeatableSqlMigrationPrefix", Kind.NON_EMPTY);
    keys.put("validateMigrationNaming", Kind.BOOLEAN);
    keys.put("mixed", Kind.BOOLEAN);
    keys.put("group", Kind.BOOLEAN);
    keys.put("encoding", Kind.ENCODING);
    keys.put("connectRetries", Kind.COUNT);
    keys.put("initSql", Kind.NON_EMPTY);
    keys.put("ignoreMigrationPatterns", Kind.LIST);
    return Collections.unmodifiableMap(keys);
  }

  /** Every supported key, for messages and documentation. */
  public static Set<String> supportedKeys() {
    return new TreeSet<>(KEYS.keySet());
  }
}
