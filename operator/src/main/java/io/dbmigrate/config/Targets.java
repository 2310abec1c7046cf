package io.dbmigrate.config;

import java.util.regex.Pattern;

/** The version a run migrates to: {@code latest}, or a Flyway version such as 3 or 1.2. */
public final class Targets {
  public static final String LATEST = "latest";

  /** As the CRD's pattern for spec.migrations.target. */
  public static final String PATTERN = "^(" + LATEST + "|[0-9]+([._][0-9]+)*)$";

  private static final Pattern TARGET = Pattern.compile(PATTERN);

  private Targets() {}

  public static boolean isValid(String target) {
    return target != null && TARGET.matcher(target).matches();
  }

  /** The given target, or latest when none is given. */
  public static String orLatest(String target) {
    return target == null || target.isBlank() ? LATEST : target.strip();
  }
}
