package io.dbmigrate.cli;

import io.dbmigrate.runner.ResultFile;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The result file of migrate, plan, reset and repair, checked before anything runs: found out only
 * at the end, a missing directory would turn a run that changed the database into a failure.
 */
final class ResultFileCheck {
  /** Like any other unusable argument: a usage error, and nothing was done. */
  static final int EXIT_CODE = 2;

  private ResultFileCheck() {}

  /** Prints why and returns true when the result could not be written; silent otherwise. */
  static boolean refuses(Path explicit, PrintWriter err) {
    Optional<Path> file = ResultFile.choose(explicit);
    Optional<String> problem = file.flatMap(ResultFile::unwritable);
    if (problem.isPresent()) {
      err.println(
          "cannot write the result file "
              + file.get()
              + ": "
              + problem.get()
              + "; nothing was run");
      err.flush();
    }
    return problem.isPresent();
  }
}
