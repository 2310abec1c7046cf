package io.dbmigrate.cli;

import io.dbmigrate.db.RedactedOutput;

/** Entry point of the one jar: the operator, the Job runner and the local CLI. */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    // Before anything logs: every line on standard output and error is masked from here on.
    RedactedOutput.install();
    String first = args.length == 0 ? null : args[0];
    int exitCode = DbMigrate.commandLine(System.getenv(), first).execute(args);
    System.out.flush();
    System.err.flush();
    System.exit(exitCode);
  }
}
