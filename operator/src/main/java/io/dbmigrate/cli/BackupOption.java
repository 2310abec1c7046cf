package io.dbmigrate.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Where migrate and reset back up to before they change anything. */
final class BackupOption {
  @Option(
      names = "--backup-dir",
      paramLabel = "DIR",
      description =
          "Before changing anything, dump the database (pg_dump, mariadb-dump or mysqldump) into"
              + " DIR/<database>-<UTC time>.sql"
              + " (migrate: only when a migration or seed file is pending).")
  Path directory;
}
