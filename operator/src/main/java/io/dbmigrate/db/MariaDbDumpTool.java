package io.dbmigrate.db;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;

/**
 * {@code mariadb-dump}, else {@code mysqldump} (MariaDB ships both names, MySQL only the second):
 * one consistent InnoDB snapshot without locking tables, with routines, triggers and events, and
 * without a {@code CREATE DATABASE}, so that {@code mariadb other_db < file} restores it into an
 * empty database of any name. Credentials go through an option file ({@link MySqlOptionFile}).
 */
final class MariaDbDumpTool implements DumpTool {
  static final MariaDbDumpTool INSTANCE = new MariaDbDumpTool();

  private MariaDbDumpTool() {}

  @Override
  public List<String> programs() {
    return List.of("mariadb-dump", "mysqldump");
  }

  @Override
  public String programVariable() {
    return "DBMIGRATE_MARIADB_DUMP";
  }

  @Override
  public String database(ConnectionSettings settings) {
    return MySqlOptionFile.target(settings).database();
  }

  @Override
  public Command command(ConnectionSettings settings, Path resultFile, Path privateDirectory)
      throws IOException {
    Path options = privateDirectory.resolve("client.cnf");
    Files.createFile(
        options,
        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    Files.writeString(options, MySqlOptionFile.of(settings), StandardCharsets.UTF_8);
    return new Command(
        List.of(
            // The tools read this option only as their first argument.
            "--defaults-extra-file=" + options,
            "--single-transaction",
            "--routines",
            "--triggers",
            "--events",
            // Tablespace statements need the PROCESS privilege on MySQL 8, and no restore needs
            // them.
            "--no-tablespaces",
            "--result-file=" + resultFile,
            MySqlOptionFile.target(settings).database()),
        Map.of());
  }
}
