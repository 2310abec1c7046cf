package io.dbmigrate.config;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.toml.TomlMapper;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;

/**
 * Flyway's own configuration file, {@code flyway.toml} or {@code flyway.conf} (chosen by the
 * extension), read into {@link FlywaySettings}. Of a TOML file only the {@code [flyway]} table and
 * its sub-tables ({@code [flyway.placeholders]}) are read; {@code [environments.*]} and any other
 * top-level table are ignored. Of a {@code .conf} file every key must start with {@code flyway.}.
 *
 * <p>The database and the migrations are not taken from the file: they have options of their own,
 * and the password belongs in a Secret, so {@code url}, {@code user}, {@code password} and {@code
 * locations} are refused with a message naming what to use instead.
 */
public final class FlywayConfigFile {
  private static final String PREFIX = "flyway.";

  /** Settings a file may not give, and where they belong instead. */
  private static final Map<String, String> ELSEWHERE =
      Map.of(
          "url", "give the database with --url or DBMIGRATE_URL (spec.database.urlFrom)",
          "user",
              "give the user with --username or DBMIGRATE_USERNAME (spec.database.usernameFrom)",
          "password",
              "give the password in DBMIGRATE_PASSWORD (spec.database.passwordFrom), never in a file",
          "locations", "give the migrations with --migrations (spec.migrations)");

  private FlywayConfigFile() {}

  /**
   * The file's settings, checked.
   *
   * @throws IllegalArgumentException naming the file and what is wrong: unreadable, malformed, an
   *     unknown or refused key, a bad value
   */
  public static FlywaySettings read(Path file) {
    Map<String, String> values = values(file);
    try {
      return FlywaySettings.of(values);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
    }
  }

  /** The file's settings by Flyway's names without {@code flyway.}, not yet checked. */
  private static Map<String, String> values(Path file) {
    String name = file.getFileName() == null ? "" : file.getFileName().toString();
    String extension = name.substring(name.lastIndexOf('.') + 1).toLowerCase(Locale.ROOT);
    Map<String, String> values =
        switch (extension) {
          case "toml" -> toml(file);
          case "conf" -> conf(file);
          default ->
              throw new IllegalArgumentException(
                  "--config "
                      + file
                      + ": name a flyway.toml (TOML) or flyway.conf (properties) file; the"
                      + " extension .toml or .conf says which");
        };
    for (String key : values.keySet()) {
      String instead = ELSEWHERE.get(key);
      if (instead != null) {
        throw new IllegalArgumentException(
            file + ": flyway." + key + " is not read from a config file; " + instead);
      }
    }
    return values;
  }

  private static Map<String, String> toml(Path file) {
    JsonNode root;
    try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      root = new TomlMapper().readTree(reader);
    } catch (JacksonException e) {
      // The parser's own words, without the excerpt of the file it may quote.
      throw new IllegalArgumentException(
          file
              + " is not valid TOML (line "
              + e.getLocation().getLineNr()
              + ", column "
              + e.getLocation().getColumnNr()
              + "): "
              + firstLine(e.getOriginalMessage()));
    } catch (IOException e) {
      throw unreadable(file, e);
    }
    Map<String, String> values = new LinkedHashMap<>();
    JsonNode flyway = root == null ? null : root.get("flyway");
    if (flyway != null) {
      if (!flyway.isObject()) {
        throw new IllegalArgumentException(file + ": flyway must be a table ([flyway])");
      }
      flatten("", flyway, values);
    }
    return values;
  }

  /** {@code [flyway.placeholders] a = "x"} becomes {@code placeholders.a = x}. */
  private static void flatten(String prefix, JsonNode table, Map<String, String> values) {
    for (Iterator<Map.Entry<String, JsonNode>> it = table.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> field = it.next();
      String key = prefix + field.getKey();
      JsonNode value = field.getValue();
      if (value.isObject()) {
        flatten(key + ".", value, values);
      } else if (value.isArray()) {
        values.put(
            key,
            StreamSupport.stream(value.spliterator(), false)
                .map(JsonNode::asText)
                .collect(Collectors.joining(",")));
      } else {
        values.put(key, value.asText());
      }
    }
  }

  private static Map<String, String> conf(Path file) {
    Properties properties = new Properties();
    try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      properties.load(reader);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          file + " is not a valid properties file: " + firstLine(e.getMessage()));
    } catch (IOException e) {
      throw unreadable(file, e);
    }
    Map<String, String> values = new LinkedHashMap<>();
    for (String key : new TreeSet<>(properties.stringPropertyNames())) {
      if (!key.startsWith(PREFIX)) {
        throw new IllegalArgumentException(
            file + ": '" + key + "' is no Flyway setting: every key starts with flyway.");
      }
      values.put(key.substring(PREFIX.length()), properties.getProperty(key));
    }
    return values;
  }

  private static IllegalArgumentException unreadable(Path file, IOException e) {
    String reason =
        e instanceof NoSuchFileException
            ? "no such file"
            : e instanceof AccessDeniedException
                ? "permission denied"
                : e.getClass().getSimpleName() + ": " + e.getMessage();
    if (Files.isDirectory(file)) {
      reason = "it is a directory";
    }
    return new IllegalArgumentException("cannot read " + file + ": " + reason);
  }

  private static String firstLine(String text) {
    return text == null ? "" : text.strip().lines().findFirst().orElse("");
  }
}
