package io.dbmigrate.cli;


/** Entry point of the one jar: the operator, the Job runner and the local CLI. */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    System.exit(DbMigrate.commandLine(System.getenv()).execute(args));
  }
}
