package io.dbmigrate.runner;

import io.dbmigrate.db.ConnectionSettings;
import io.dbmigrate.db.LibpqEnvironment;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;

/**
 * Runs {@code pg_dump} for a backup: plain SQL, restorable with {@code psql -f} into an empty
 * database. Credentials go through the environment only (see {@link LibpqEnvironment}); its
 * messages are masked where they leave the process (see {@code Redactor}).
 */
public final class PgDump {
  public static final String DEFAULT_EXECUTABLE = "pg_dump";
  private static final DateTimeFormatter TIMESTAMP =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);
  private static final int MAX_STDERR_CHARS = 2_000;

  private final String executable;
  private final Clock clock;

  public PgDump(String executable) {
    this(executable, Clock.systemUTC());
  }

  PgDump(String executable, Clock clock) {
    this.executable = executable == null || executable.isBlank() ? DEFAULT_EXECUTABLE : executable;
    this.clock = clock;
  }

  /** pg_dump from the PATH. */
  public static PgDump onPath() {
    return new PgDump(DEFAULT_EXECUTABLE);
  }

  /**
   * Dumps the database into {@code directory/<database>-<UTC timestamp>.sql}. The dump is written
   * under a temporary name and renamed when complete, so a failed dump leaves no file that looks
   * like a backup.
   *
   * @throws BackupFailedException with pg_dump's message
   */
  BackupResult dump(ConnectionSettings settings, Path directory) {
    Map<String, String> libpq = LibpqEnvironment.of(settings);
    Path file;
    Path partial;
    try {
      Files.createDirectories(directory);
      file = freeName(directory, libpq.get("PGDATABASE"));
      partial = file.resolveSibling(file.getFileName() + ".partial");
    } catch (IOException e) {
      throw new BackupFailedException("cannot use backup directory " + directory + ": " + e);
    }
    ProcessBuilder builder =
        new ProcessBuilder(
                List.of(
                    executable,
                    "--format=plain",
                    "--no-owner",
                    "--no-privileges",
                    "--file=" + partial))
            .redirectOutput(ProcessBuilder.Redirect.DISCARD);
    builder.environment().putAll(libpq);
    try {
      Process process = builder.start();
      String stderr;
      try (InputStream errors = process.getErrorStream()) {
        stderr = new String(errors.readAllBytes(), StandardCharsets.UTF_8);
      }
      int exit = process.waitFor();
      if (exit != 0) {
        Files.deleteIfExists(partial);
        throw new BackupFailedException("pg_dump exited with " + exit + ": " + summary(stderr));
      }
      Files.move(partial, file, StandardCopyOption.ATOMIC_MOVE);
      return new BackupResult(file.toString(), Files.size(file));
    } catch (IOException e) {
      deleteQuietly(partial);
      throw new BackupFailedException("cannot run " + executable + ": " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      deleteQuietly(partial);
      throw new BackupFailedException("interrupted while pg_dump was running");
    }
  }

  private Path freeName(Path directory, String database) {
    String base = safe(database) + "-" + TIMESTAMP.format(clock.instant());
    Path file = directory.resolve(base + ".sql");
    for (int i = 2; Files.exists(file); i++) {
      file = directory.resolve(base + "-" + i + ".sql");
    }
    return file;
  }

  /** A database name may hold characters a file name should not. */
  private static String safe(String database) {
    String name = database == null || database.isBlank() ? "database" : database;
    return name.replaceAll("[^A-Za-z0-9._-]", "_");
  }

  private static String summary(String stderr) {
    String oneLine = stderr.strip().replaceAll("\\s*\\R\\s*", "; ");
    if (oneLine.isEmpty()) {
      return "no message";
    }
    return oneLine.length() <= MAX_STDERR_CHARS
        ? oneLine
        : oneLine.substring(0, MAX_STDERR_CHARS) + "…";
  }

  private static void deleteQuietly(Path file) {
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      // Nothing more to do: the name ends in .partial, no one takes it for a backup.
    }
  }

  /** The backup could not be taken; the run stops before changing anything. */
  static final class BackupFailedException extends RuntimeException {
    BackupFailedException(String message) {
      super(message);
    }
  }
}
