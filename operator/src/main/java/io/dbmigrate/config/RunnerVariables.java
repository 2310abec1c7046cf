package io.dbmigrate.config;

/**
 * Environment variables the runner reads its connection from: the operator sets them on the Job
 * from the resource's Secrets, a user sets them for the CLI.
 */
public final class RunnerVariables {
  public static final String URL = "DBMIGRATE_URL";
  public static final String USERNAME = "DBMIGRATE_USERNAME";
  public static final String PASSWORD = "DBMIGRATE_PASSWORD";

  /**
   * {@code DBMIGRATE_PLACEHOLDER_<n>}: the value of the n-th placeholder from a ConfigMap or a
   * Secret, named to the runner by {@code --placeholder-from-env NAME=DBMIGRATE_PLACEHOLDER_<n>}.
   */
  public static final String PLACEHOLDER_PREFIX = "DBMIGRATE_PLACEHOLDER_";

  private RunnerVariables() {}
}
