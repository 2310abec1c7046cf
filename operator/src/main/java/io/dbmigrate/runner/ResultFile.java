package io.dbmigrate.runner;

import io.dbmigrate.db.Redactor;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Where the run result goes. In a Kubernetes container {@code /dev/termination-log} exists and
 * its contents become the pod's termination message, which the reconciler reads.
 */
public final class ResultFile {
  public static final Path TERMINATION_LOG = Path.of("/dev/termination-log");

  private ResultFile() {}

  /** The explicit file if given, else the termination log when running in Kubernetes, else none. */
  public static Optional<Path> choose(Path explicit) {
    if (explicit != null) {
      return Optional.of(explicit);
    }
    return Files.exists(TERMINATION_LOG) ? Optional.of(TERMINATION_LOG) : Optional.empty();
  }

  /** Replaces the file's contents with the result's JSON. */
  public static void write(Path file, RunResult result, RunResultJson json) throws IOException {
    write(file, json.toJson(result));
  }

  /** Replaces the file's contents with the plan's JSON. */
  public static void write(Path file, PlanResult plan, PlanResultJson json) throws IOException {
    write(file, json.toJson(plan));
  }

  /** The JSON leaves the process here (a termination message, a file): secrets are masked on the way. */
  private static void write(Path file, String json) throws IOException {
    Files.writeString(file, Redactor.process().redact(json), StandardCharsets.UTF_8);
  }
}
