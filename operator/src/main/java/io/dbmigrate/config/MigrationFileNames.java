package io.dbmigrate.config;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * How migration files are named: by default Flyway's {@code V<version>__<description>.sql}, the
 * version's parts digits separated by {@code .} or {@code _}, and {@code R__<description>.sql} for
 * repeatable ones; the prefixes, the separator and the suffixes follow the Flyway settings ({@code
 * sqlMigrationPrefix}, {@code sqlMigrationSeparator}, {@code sqlMigrationSuffixes}, {@code
 * repeatableSqlMigrationPrefix}).
 */
public final class MigrationFileNames {
  public static final MigrationFileNames DEFAULT = of("V", "__", List.of(".sql"), "R");

  private final String prefix;
  private final String separator;
  private final List<String> suffixes;
  private final String repeatablePrefix;
  private final Pattern file;

  private MigrationFileNames(
      String prefix, String separator, List<String> suffixes, String repeatablePrefix) {
    this.prefix = prefix;
    this.separator = separator;
    this.suffixes = List.copyOf(suffixes);
    this.repeatablePrefix = repeatablePrefix;
    String suffix = suffixes.stream().map(Pattern::quote).collect(Collectors.joining("|"));
    this.file =
        Pattern.compile(
            "^("
                + Pattern.quote(prefix)
                + "[0-9]+([._][0-9]+)*"
                + Pattern.quote(separator)
                + "[^/]+|"
                + Pattern.quote(repeatablePrefix + separator)
                + "[^/]+)("
                + suffix
                + ")$");
  }

  public static MigrationFileNames of(
      String prefix, String separator, List<String> suffixes, String repeatablePrefix) {
    return new MigrationFileNames(prefix, separator, suffixes, repeatablePrefix);
  }

  /** {@code V<version>__<description>.sql or R__<description>.sql}, for messages. */
  public String naming() {
    String suffix = suffixes.get(0);
    return prefix
        + "<version>"
        + separator
        + "<description>"
        + suffix
        + " or "
        + repeatablePrefix
        + separator
        + "<description>"
        + suffix;
  }

  /** Whether the name ends as migrations do here: other keys (a README) are not migrations. */
  public boolean hasMigrationSuffix(String fileName) {
    return suffixes.stream()
        .anyMatch(suffix -> fileName.toLowerCase().endsWith(suffix.toLowerCase()));
  }

  public boolean isMigration(String fileName) {
    return file.matcher(fileName).matches();
  }

  public boolean isRepeatable(String fileName) {
    return fileName.startsWith(repeatablePrefix + separator) && isMigration(fileName);
  }

  /**
   * Versions compared as Flyway compares them: {@code 1}, {@code 1.0}, {@code 1_0} and {@code 01}
   * are one version (numeric parts, trailing zero parts ignored); repeatable files are keyed by
   * name.
   *
   * @param fileName a name {@link #isMigration} accepts
   */
  public String versionOf(String fileName) {
    if (isRepeatable(fileName)) {
      return fileName;
    }
    List<BigInteger> parts = new ArrayList<>();
    String version =
        fileName.substring(prefix.length(), fileName.indexOf(separator, prefix.length()));
    for (String part : version.split("[._]")) {
      parts.add(new BigInteger(part));
    }
    while (parts.size() > 1 && parts.get(parts.size() - 1).signum() == 0) {
      parts.remove(parts.size() - 1);
    }
    return parts.stream().map(String::valueOf).collect(Collectors.joining("."));
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof MigrationFileNames that
        && prefix.equals(that.prefix)
        && separator.equals(that.separator)
        && suffixes.equals(that.suffixes)
        && repeatablePrefix.equals(that.repeatablePrefix);
  }

  @Override
  public int hashCode() {
    return Objects.hash(prefix, separator, suffixes, repeatablePrefix);
  }
}
