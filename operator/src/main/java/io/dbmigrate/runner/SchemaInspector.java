package io.dbmigrate.runner;

import io.dbmigrate.config.FlywaySettings;
import io.dbmigrate.config.Targets;
import io.dbmigrate.db.ConnectionSettings;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationInfoService;
import org.flywaydb.core.api.output.ValidateResult;

/**
 * Reads, without changing anything, how far a database's schema is from its sources: pending
 * migrations, failed rows in the history, and applied migrations whose files changed (drift). Uses
 * the runner's Flyway configuration, so it sees exactly what a run would see. It costs a scan and
 * checksum of every file and a read of the history: callers should not run it often.
 */
public final class SchemaInspector {

  /** Inspects against in-memory sources: one map of file name to content per source (ConfigMap). */
  public SchemaState inspect(
      DataSource dataSource,
      ConnectionSettings settings,
      List<? extends Map<String, String>> sources,
      String target) {
    return inspect(dataSource, settings, sources, target, FlywaySettings.NONE);
  }

  /** As above, under the resource's Flyway settings (history table, schemas, file naming). */
  public SchemaState inspect(
      DataSource dataSource,
      ConnectionSettings settings,
      List<? extends Map<String, String>> sources,
      String target,
      FlywaySettings flyway) {
    try (MigrationSources files = MigrationSources.write(sources, flyway.fileNames())) {
      return inspect(dataSource, settings, files, target, flyway);
    } catch (MigrationSources.InvalidSourcesException e) {
      return SchemaState.of(false, 0, e.getMessage());
    }
  }

  /** Inspects against migration directories, as {@code dbmigrate migrate} reads them. */
  public SchemaState inspectDirectories(
      DataSource dataSource,
      ConnectionSettings settings,
      List<Path> directories,
      String target,
      FlywaySettings flyway) {
    try (MigrationSources files = MigrationSources.collect(directories, flyway.fileNames())) {
      return inspect(dataSource, settings, files, target, flyway);
    } catch (MigrationSources.InvalidSourcesException e) {
      return SchemaState.of(false, 0, e.getMessage());
    }
  }

  private SchemaState inspect(
      DataSource dataSource,
      ConnectionSettings settings,
      MigrationSources files,
      String target,
      FlywaySettings flywaySettings) {
    try {
      Flyway flyway =
          MigrationRunner.flyway(
              dataSource, files, Targets.orLatest(target), flywaySettings, false);
      // validate ignores pending migrations (the runner's configuration): it reports drift only.
      ValidateResult validation = flyway.validateWithResult();
      MigrationInfoService info = flyway.info();
      InfoCounts counts = InfoCounts.of(info);
      int pending = info.pending().length;
      String pendingText = pending + " pending";
      if (!validation.validationSuccessful) {
        String problem = ValidationErrors.explain(validation, Arrays.asList(info.all())).message();
        return SchemaState.of(false, pending, pendingText + "; " + problem).counting(counts);
      }
      List<MigrationInfo> failed =
          Arrays.stream(info.all()).filter(m -> m.getState().isFailed()).toList();
      if (!failed.isEmpty()) {
        return SchemaState.of(
                false,
                pending,
                pendingText
                    + "; "
                    + failed.size()
                    + " failed in the schema history ("
                    + ValidationErrors.fileName(String.valueOf(failed.get(0).getScript()))
                    + ")")
            .counting(counts);
      }
      return SchemaState.of(pending == 0, pending, pendingText + ", no drift").counting(counts);
    } catch (FlywayException e) {
      String reason = MigrationFailures.explain(e, settings).message();
      return new SchemaState(false, 0, "cannot inspect the schema: " + reason, false);
    }
  }
}
