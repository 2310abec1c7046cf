package io.dbmigrate.config;

/**
 * The environment a resource or run is in. Only development allows what destroys data (reset,
 * clean); the name is matched exactly, as the CRD's pattern only admits lower-case names.
 */
public final class Environments {
  /** Where a resource or run is when it names no environment: the safe assumption. */
  public static final String DEFAULT = "production";

  public static final String DEVELOPMENT = "development";

  private Environments() {}

  public static boolean isDevelopment(String environment) {
    return DEVELOPMENT.equals(environment);
  }
}
