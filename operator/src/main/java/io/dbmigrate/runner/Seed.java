package io.dbmigrate.runner;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Data to load after the migrations: the {@code .sql} files of one directory, applied in file-name
 * order, in the given environments only (every environment when none are given).
 *
 * @param name how the seed is tracked in {@code dbmigrate_seed_history} and reported
 * @param directory the files; a mounted ConfigMap's hidden {@code ..data} entries are ignored
 * @param environments where the seed runs; empty means every environment
 */
public record Seed(String name, Path directory, List<String> environments) {
  /** The command line's form, {@code NAME=DIR[@ENV,ENV]}: parsed and written here only. */
  public static final String ARGUMENT_FORM = "NAME=DIR[@ENV,ENV...]";

  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");
  private static final Pattern ENVIRONMENTS = Pattern.compile("[A-Za-z0-9._-]+(,[A-Za-z0-9._-]+)*");

  public Seed {
    if (name == null || !NAME.matcher(name).matches()) {
      throw new IllegalArgumentException(
          "seed name '" + name + "' must be letters, digits, '.', '_' or '-'");
    }
    if (directory == null) {
      throw new IllegalArgumentException("seed " + name + " has no directory");
    }
    environments = environments == null ? List.of() : List.copyOf(environments);
  }

  /** Reads {@code NAME=DIR} or {@code NAME=DIR@ENV,ENV}. */
  public static Seed parse(String argument) {
    int equals = argument == null ? -1 : argument.indexOf('=');
    if (equals <= 0 || equals == argument.length() - 1) {
      throw new IllegalArgumentException("'" + argument + "' is not " + ARGUMENT_FORM);
    }
    String name = argument.substring(0, equals);
    String rest = argument.substring(equals + 1);
    int at = rest.lastIndexOf('@');
    // A directory may contain '@'; only a plain list of names after the last one is environments.
    if (at > 0 && ENVIRONMENTS.matcher(rest.substring(at + 1)).matches()) {
      return new Seed(
          name, Path.of(rest.substring(0, at)), Arrays.asList(rest.substring(at + 1).split(",")));
    }
    return new Seed(name, Path.of(rest), List.of());
  }

  /** The inverse of {@link #parse}, for building a Job's arguments. */
  public String toArgument() {
    return name
        + "="
        + directory
        + (environments.isEmpty() ? "" : "@" + String.join(",", environments));
  }

  /** Environment names compare case-insensitively: {@code Development} is development. */
  public boolean appliesTo(String environment) {
    return environments.isEmpty()
        || environments.stream()
            .anyMatch(e -> e.toLowerCase(Locale.ROOT).equals(normalize(environment)));
  }

  private static String normalize(String environment) {
    return environment == null ? "" : environment.strip().toLowerCase(Locale.ROOT);
  }
}
