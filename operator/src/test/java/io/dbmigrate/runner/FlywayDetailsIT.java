package io.dbmigrate.runner;

import static org.assertj.core.api.Assertions.assertThat;

import io.dbmigrate.db.ConnectionSettings;
import io.dbmigrate.runner.RunResult.AppliedMigration;
import io.dbmigrate.runner.RunResult.Status;
import io.dbmigrate.testing.PostgresDatabase;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Flyway's details survive into the run's message, and the applied list is right after any failure. */
class FlywayDetailsIT {
  @RegisterExtension final PostgresDatabase db = new PostgresDatabase();
  @TempDir Path migrations;

  private final MigrationRunner runner = new MigrationRunner();
  private ConnectionSettings settings;

  @BeforeEach
  void settings() {
    settings = ConnectionSettings.resolve(db.jdbcUrl(), db.username(), null);
  }

  private void write(String name, String sql) throws IOException {
    Files.writeString(migrations.resolve(name), sql);
  }

  private RunResult migrate() {
    return runner.migrate(settings, List.of(migrations), "latest");
  }

  @Test
  void invalidFileNamesAreNamed() throws IOException {
    write("V1__ok.sql", "CREATE TABLE ok (id int);");
    write("V3_x.sql", "SELECT 1;");
    write("v4__lower.sql", "SELECT 1;");

    RunResult result = migrate();

    assertThat(result.status()).isEqualTo(Status.Failed);
    assertThat(result.error().message()).contains("V3_x.sql").contains("v4__lower.sql");
    assertThat(db.tableExists("ok")).isFalse();
  }

  @Test
  void bothFilesOfADuplicateVersionAreNamed() throws IOException {
    write("V1__a.sql", "SELECT 1;");
    write("V1.0__b.sql", "SELECT 1;");

    RunResult result = migrate();

    assertThat(result.status()).isEqualTo(Status.Failed);
    assertThat(result.error().message()).contains("V1__a.sql").contains("V1.0__b.sql");
  }

  @Test
  void aMixedMigrationFailingAfterFourGoodOnesReportsThemAndNamesItself() throws IOException {
    for (int i = 1; i <= 4; i++) {
      write("V" + i + "__t" + i + ".sql", "CREATE TABLE t" + i + " (id int);");
    }
    write("V5__mixed.sql", "CREATE TABLE t5 (id int);\nCREATE INDEX CONCURRENTLY t1_id ON t1 (id);");

    RunResult result = migrate();

    assertThat(result.status()).isEqualTo(Status.Failed);
    assertThat(result.applied()).extracting(AppliedMigration::version).containsExactly("1", "2", "3", "4");
    assertThat(result.appliedCount()).isEqualTo(4);
    assertThat(result.error().version()).isEqualTo("5");
    assertThat(result.error().script()).isEqualTo("V5__mixed.sql");
    assertThat(result.error().message()).contains("V5__mixed.sql");
    assertThat(result.currentVersion()).isEqualTo("4");
  }

  @Test
  void theMessageStaysWithinTheTerminationMessageBudget() throws IOException {
    write("V1__ok.sql", "SELECT 1;");
    for (int i = 0; i < 200; i++) {
      write("bad_name_number_" + i + "_with_a_rather_long_description.sql", "SELECT 1;");
    }

    RunResult result = migrate();

    assertThat(result.status()).isEqualTo(Status.Failed);
    assertThat(result.error().message()).contains("bad_name_number_").hasSizeLessThanOrEqualTo(2048);
    assertThat(new RunResultJson().toJson(result).getBytes(java.nio.charset.StandardCharsets.UTF_8).length)
        .isLessThanOrEqualTo(4096);
  }
}
