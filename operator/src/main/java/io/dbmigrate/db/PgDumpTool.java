package io.dbmigrate.db;

import java.nio.file.Path;
import java.util.List;

/**
 * {@code pg_dump} in plain SQL without owners and grants, restorable with {@code psql -f} into an
 * empty database by any role. Credentials go through libpq's environment ({@link
 * LibpqEnvironment}).
 */
final class PgDumpTool implements DumpTool {
  static final PgDumpTool INSTANCE = new PgDumpTool();

  private PgDumpTool() {}

  @Override
  public List<String> programs() {
    return List.of("pg_dump");
  }

  @Override
  public String programVariable() {
    return "DBMIGRATE_PG_DUMP";
  }

  @Override
  public String database(ConnectionSettings settings) {
    return LibpqEnvironment.of(settings).get("PGDATABASE");
  }

  @Override
  public Command command(ConnectionSettings settings, Path resultFile, Path privateDirectory) {
    return new Command(
        List.of("--format=plain", "--no-owner", "--no-privileges", "--file=" + resultFile),
        LibpqEnvironment.of(settings));
  }
}
