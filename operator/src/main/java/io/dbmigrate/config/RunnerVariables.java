package io.dbmigrate.config;

/**
 * Environment variables the runner reads its connection from: the operator sets them on the Job
 * from the resource's Secrets, a user sets them for the CLI.
 */
public final class RunnerVariables {
  public static final String URL = "DBMIGRATE_URL";
  public static final String USERNAME = "DBMIGRATE_USERNAME";
  public static final String PASSWORD = "DBMIGRATE_PASSWORD";

  private RunnerVariables() {}
}
