package io.dbmigrate.runner;

import io.dbmigrate.db.Redactor;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;

/**
 * Where the run result goes. In a Kubernetes container {@code /dev/termination-log} exists and its
 * contents become the pod's termination message, which the reconciler reads.
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

  /**
   * Why the result could not be written to {@code file}, found out before a run changes anything
   * (the result is written last, when it is too late to refuse); empty when it can be. Tries the
   * write itself rather than reading permission bits, which say nothing for root or a read-only
   * mount. Leaves an existing file as it is and a new one uncreated.
   */
  public static Optional<String> unwritable(Path file) {
    Path absolute = file.toAbsolutePath();
    Path directory = absolute.getParent();
    if (Files.isDirectory(absolute)) {
      return Optional.of("it is a directory");
    }
    if (directory != null && !Files.exists(directory)) {
      return Optional.of("the directory " + directory + " does not exist");
    }
    if (directory != null && !Files.isDirectory(directory)) {
      return Optional.of(directory + " is not a directory");
    }
    try {
      if (Files.exists(absolute)) {
        Files.newOutputStream(absolute, StandardOpenOption.WRITE, StandardOpenOption.APPEND)
            .close();
      } else {
        Files.delete(Files.createFile(absolute));
      }
      return Optional.empty();
    } catch (AccessDeniedException e) {
      return Optional.of(
          (Files.exists(absolute) ? "the file" : "the directory " + directory)
              + " is not writable");
    } catch (IOException e) {
      return Optional.of(reason(e));
    }
  }

  /** An I/O error's reason without repeating the path, which the caller names already. */
  public static String reason(IOException e) {
    if (e instanceof NoSuchFileException) {
      return "no such file or directory";
    }
    if (e instanceof AccessDeniedException) {
      return "permission denied";
    }
    if (e instanceof FileSystemException fileSystem && fileSystem.getReason() != null) {
      return fileSystem.getReason();
    }
    return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
  }

  /** Replaces the file's contents with the result's JSON. */
  public static void write(Path file, RunResult result, RunResultJson json) throws IOException {
    write(file, json.toJson(result));
  }

  /** Replaces the file's contents with the plan's JSON. */
  public static void write(Path file, PlanResult plan, PlanResultJson json) throws IOException {
    write(file, json.toJson(plan));
  }

  /** Replaces the file's contents with the repair result's JSON. */
  public static void write(Path file, RepairResult result, RepairResultJson json)
      throws IOException {
    write(file, json.toJson(result));
  }

  /**
   * The JSON leaves the process here (a termination message, a file): secrets are masked on the
   * way.
   */
  private static void write(Path file, String json) throws IOException {
    Files.writeString(file, Redactor.process().redact(json), StandardCharsets.UTF_8);
  }
}
