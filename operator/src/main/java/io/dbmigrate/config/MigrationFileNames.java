package io.dbmigrate.config;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Flyway's default migration file names: {@code V<version>__<description>.sql}, the version's parts
 * digits separated by {@code .} or {@code _}, and {@code R__<description>.sql} for repeatable ones.
 */
public final class MigrationFileNames {
  public static final String NAMING = "V<version>__<description>.sql or R__<description>.sql";

  private static final Pattern MIGRATION_FILE =
      Pattern.compile("^(V[0-9]+([._][0-9]+)*__[^/]+|R__[^/]+)\\.sql$");

  private MigrationFileNames() {}

  public static boolean isMigration(String fileName) {
    return MIGRATION_FILE.matcher(fileName).matches();
  }

  /**
   * Versions compared as Flyway compares them: {@code 1}, {@code 1.0}, {@code 1_0} and {@code 01}
   * are one version (numeric parts, trailing zero parts ignored); R__ files are keyed by name.
   *
   * @param fileName a name {@link #isMigration} accepts
   */
  public static String versionOf(String fileName) {
    if (fileName.startsWith("R__")) {
      return fileName;
    }
    List<BigInteger> parts = new ArrayList<>();
    for (String part : fileName.substring(1, fileName.indexOf("__")).split("[._]")) {
      parts.add(new BigInteger(part));
    }
    while (parts.size() > 1 && parts.get(parts.size() - 1).signum() == 0) {
      parts.remove(parts.size() - 1);
    }
    return parts.stream().map(String::valueOf).collect(Collectors.joining("."));
  }
}
