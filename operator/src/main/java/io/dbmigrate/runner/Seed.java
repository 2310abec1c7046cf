package io.dbmigrate.runner;

import io.dbmigrate.registry.DockerConfig;
import io.dbmigrate.registry.ImageReference;
import io.dbmigrate.registry.RegistryException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Data to load after the migrations: the {@code .sql} files of one directory, applied in file-name
 * order, in the given environments only (every environment when none are given). The directory is
 * on disk or in an image the runner pulls.
 *
 * @param name how the seed is tracked in {@code dbmigrate_seed_history} and reported
 * @param directory the files; a mounted ConfigMap's hidden {@code ..data} entries are ignored; null
 *     for a seed from an image
 * @param environments where the seed runs; empty means every environment
 * @param image the image whose directory holds the files; null for a seed from a directory
 */
public record Seed(String name, Path directory, List<String> environments, SourceImage image) {
  /** The command line's form, {@code NAME=DIR[@ENV,ENV]}: parsed and written here only. */
  public static final String ARGUMENT_FORM = "NAME=DIR[@ENV,ENV...]";

  /**
   * The command line's form of a seed from an image. A reference holds ':' and '@sha256:' but never
   * '#', so '#' starts the path; environments follow the last '@' as for a directory (a digest is
   * never read as environments: it holds a ':').
   */
  public static final String IMAGE_ARGUMENT_FORM = "NAME=REF[#PATH][@ENV,ENV...]";

  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");
  private static final Pattern ENVIRONMENTS = Pattern.compile("[A-Za-z0-9._-]+(,[A-Za-z0-9._-]+)*");

  public Seed {
    if (name == null || !NAME.matcher(name).matches()) {
      throw new IllegalArgumentException(
          "seed name '" + name + "' must be letters, digits, '.', '_' or '-'");
    }
    if ((directory == null) == (image == null)) {
      throw new IllegalArgumentException("seed " + name + " needs a directory or an image");
    }
    environments = environments == null ? List.of() : List.copyOf(environments);
  }

  /** A seed from a directory. */
  public Seed(String name, Path directory, List<String> environments) {
    this(name, directory, environments, null);
  }

  /** Reads {@code NAME=DIR} or {@code NAME=DIR@ENV,ENV}. */
  public static Seed parse(String argument) {
    Parts parts = Parts.of(argument, ARGUMENT_FORM);
    return new Seed(parts.name(), Path.of(parts.source()), parts.environments());
  }

  /**
   * Reads {@code NAME=REF[#PATH][@ENV,ENV]}; the path is {@value SourceImage#SEEDS_PATH} unless
   * given. The image has no credentials yet: see {@link #withCredentials}.
   */
  public static Seed parseImage(String argument) {
    Parts parts = Parts.of(argument, IMAGE_ARGUMENT_FORM);
    String source = parts.source();
    int hash = source.indexOf('#');
    String reference = hash < 0 ? source : source.substring(0, hash);
    String path = hash < 0 ? SourceImage.SEEDS_PATH : source.substring(hash + 1);
    if (!path.startsWith("/")) {
      throw new IllegalArgumentException(
          "seed "
              + parts.name()
              + ": the path after '#' must be an absolute directory such as /seeds, not '"
              + path
              + "'");
    }
    try {
      return new Seed(
          parts.name(),
          null,
          parts.environments(),
          new SourceImage(ImageReference.parse(reference), path, null));
    } catch (RegistryException e) {
      throw new IllegalArgumentException("seed " + parts.name() + ": " + e.getMessage());
    }
  }

  /** The inverse of {@link #parse} or {@link #parseImage}, for building a Job's arguments. */
  public String toArgument() {
    String source = image == null ? directory.toString() : image.reference() + "#" + image.path();
    return name
        + "="
        + source
        + (environments.isEmpty() ? "" : "@" + String.join(",", environments));
  }

  /** A seed from an image looks up its registry's credentials in {@code config}. */
  public Seed withCredentials(DockerConfig config) {
    return image == null ? this : new Seed(name, null, environments, image.withCredentials(config));
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

  /** {@code NAME=SOURCE[@ENV,ENV]} taken apart. */
  private record Parts(String name, String source, List<String> environments) {
    static Parts of(String argument, String form) {
      int equals = argument == null ? -1 : argument.indexOf('=');
      if (equals <= 0 || equals == argument.length() - 1) {
        throw new IllegalArgumentException("'" + argument + "' is not " + form);
      }
      String name = argument.substring(0, equals);
      String rest = argument.substring(equals + 1);
      int at = rest.lastIndexOf('@');
      // A source may contain '@'; only a plain list of names after the last one is environments.
      if (at > 0 && ENVIRONMENTS.matcher(rest.substring(at + 1)).matches()) {
        return new Parts(
            name, rest.substring(0, at), Arrays.asList(rest.substring(at + 1).split(",")));
      }
      return new Parts(name, rest, List.of());
    }
  }
}
