package io.dbmigrate.db;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The engine's own dump program for a backup, and how to call it: {@code pg_dump} for PostgreSQL,
 * {@code mariadb-dump} or {@code mysqldump} for MariaDB and MySQL. Running it is the runner's
 * business; what differs per engine is here. The password never goes on the command line, which
 * every user of the machine can read ({@code ps}): it goes into the environment or into a file in a
 * private directory.
 */
public interface DumpTool {
  /** Program names to look for on the PATH, preferred first. */
  List<String> programs();

  /** The environment variable that names another program to run instead (tests, a custom one). */
  String programVariable();

  /** The database the URL names, for the dump's file name. */
  String database(ConnectionSettings settings);

  /**
   * The arguments after the program, and the variables to add to its environment, for a plain SQL
   * dump of the database into {@code resultFile}.
   *
   * @param privateDirectory a directory only this process's user can read, deleted by the caller
   *     after the dump, even a failed one: where credentials may be written
   * @throws IOException when a file there cannot be written
   */
  Command command(ConnectionSettings settings, Path resultFile, Path privateDirectory)
      throws IOException;

  /**
   * @param arguments after the program's name; never a credential
   * @param environment to add to the program's; may hold the password, never print it
   */
  record Command(List<String> arguments, Map<String, String> environment) {}
}
