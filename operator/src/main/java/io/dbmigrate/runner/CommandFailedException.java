package io.dbmigrate.runner;

/**
 * A command on the schema history (info, baseline, repair) could not run or was refused: bad
 * sources, an unreachable database, a history it must not change. The message names the cause,
 * never the password.
 */
public final class CommandFailedException extends RuntimeException {
  public CommandFailedException(String message) {
    super(message);
  }
}
