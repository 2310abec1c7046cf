package io.dbmigrate.runner;

import io.dbmigrate.db.ConnectionSettings;
import io.dbmigrate.db.DumpTool;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes a backup with the engine's dump program ({@link DumpTool}): plain SQL in one file,
 * restorable into an empty database. Credentials reach the program through its environment or a
 * private file the tool writes, never its arguments; its messages are masked where they leave the
 * process (see {@code Redactor}).
 */
public final class DatabaseDump {
  private static final Logger log = LoggerFactory.getLogger(DatabaseDump.class);
  private static final DateTimeFormatter TIMESTAMP =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);
  private static final int MAX_STDERR_CHARS = 2_000;

  private final Map<String, String> environment;
  private final Clock clock;

  /**
   * @param environment the PATH to look for the program on (else this process's), and the variable
   *     that names another program ({@link DumpTool#programVariable()})
   */
  public DatabaseDump(Map<String, String> environment) {
    this(environment, Clock.systemUTC());
  }

  DatabaseDump(Map<String, String> environment, Clock clock) {
    this.environment = Map.copyOf(environment);
    this.clock = clock;
  }

  /** The engine's dump program from this process's PATH. */
  public static DatabaseDump onPath() {
    return new DatabaseDump(Map.of());
  }

  /**
   * Dumps the database into {@code directory/<database>-<UTC timestamp>.sql}. The dump is written
   * under a temporary name and renamed when complete, so a failed dump leaves no file that looks
   * like a backup.
   *
   * @throws BackupFailedException with the dump program's message
   */
  BackupResult dump(ConnectionSettings settings, Path directory) {
    DumpTool tool = settings.engine().dumpTool();
    String program = program(tool);
    String name = Path.of(program).getFileName().toString();
    Path file;
    Path partial;
    try {
      Files.createDirectories(directory);
      file = freeName(directory, tool.database(settings));
      partial = file.resolveSibling(file.getFileName() + ".partial");
    } catch (IOException e) {
      throw new BackupFailedException("cannot use backup directory " + directory + ": " + e);
    }
    Path privateDirectory = null;
    try {
      privateDirectory =
          Files.createTempDirectory(
              "dbmigrate-dump-",
              PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
      DumpTool.Command command = tool.command(settings, partial, privateDirectory);
      List<String> arguments = new ArrayList<>();
      arguments.add(program);
      arguments.addAll(command.arguments());
      ProcessBuilder builder =
          new ProcessBuilder(arguments).redirectOutput(ProcessBuilder.Redirect.DISCARD);
      builder.environment().putAll(command.environment());
      Process process = builder.start();
      String stderr;
      try (InputStream errors = process.getErrorStream()) {
        stderr = new String(errors.readAllBytes(), StandardCharsets.UTF_8);
      }
      int exit = process.waitFor();
      if (exit != 0) {
        Files.deleteIfExists(partial);
        throw new BackupFailedException(name + " exited with " + exit + ": " + summary(stderr));
      }
      Files.move(partial, file, StandardCopyOption.ATOMIC_MOVE);
      return new BackupResult(file.toString(), Files.size(file));
    } catch (IOException e) {
      deleteQuietly(partial);
      throw new BackupFailedException("cannot run " + program + ": " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      deleteQuietly(partial);
      throw new BackupFailedException("interrupted while " + name + " was running");
    } finally {
      deleteTree(privateDirectory);
    }
  }

  /** The program the environment names, else the first of the tool's on the PATH. */
  private String program(DumpTool tool) {
    String named = environment.get(tool.programVariable());
    if (named != null && !named.isBlank()) {
      return named;
    }
    String path = environment.getOrDefault("PATH", System.getenv("PATH"));
    for (String program : tool.programs()) {
      for (String entry : (path == null ? "" : path).split(File.pathSeparator)) {
        Path candidate = Path.of(entry.isEmpty() ? "." : entry).resolve(program);
        if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
          return candidate.toString();
        }
      }
    }
    throw new BackupFailedException(
        "no "
            + String.join(" or ", tool.programs())
            + " on the PATH to back up with: install it (the dbmigrate-operator image has it)"
            + " or name the program in "
            + tool.programVariable());
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

  /** The private directory holds credentials: it goes whatever happened. */
  private static void deleteTree(Path directory) {
    if (directory == null) {
      return;
    }
    try (Stream<Path> paths = Files.walk(directory)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(path);
      }
    } catch (IOException e) {
      // Not worth failing a run that may have succeeded: a Job's /tmp goes with its pod.
      log.warn("cannot delete the dump's private directory {}: {}", directory, e.toString());
    }
  }

  /** The backup could not be taken; the run stops before changing anything. */
  static final class BackupFailedException extends RuntimeException {
    BackupFailedException(String message) {
      super(message);
    }
  }
}
