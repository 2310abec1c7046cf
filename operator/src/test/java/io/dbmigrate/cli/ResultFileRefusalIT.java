package io.dbmigrate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.dbmigrate.testing.PostgresDatabase;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

/**
 * migrate, plan and reset refuse a result file they could not write before they touch the database.
 */
class ResultFileRefusalIT {
  @RegisterExtension final PostgresDatabase db = new PostgresDatabase();
  @TempDir Path work;

  private Path migrations;
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  @BeforeEach
  void sources() throws IOException {
    migrations = Files.createDirectory(work.resolve("migrations"));
    Files.writeString(migrations.resolve("V1__init.sql"), "CREATE TABLE shop (id int);");
    // Something reset would drop: it must still be there after the refusal.
    db.execute("CREATE TABLE kept (id int); INSERT INTO kept VALUES (1)");
  }

  @ParameterizedTest
  @ValueSource(strings = {"migrate", "plan", "reset"})
  void aMissingDirectoryIsRefusedBeforeAnythingChanges(String command) {
    Path missing = work.resolve("missing");
    Path resultFile = missing.resolve("result.json");

    int exit = run(command, resultFile);

    assertThat(exit).isEqualTo(2);
    assertThat(err.toString().strip())
        .isEqualTo(
            "cannot write the result file "
                + resultFile
                + ": the directory "
                + missing
                + " does not exist; nothing was run");
    assertThat(out.toString()).isEmpty();
    assertDatabaseUnchanged();
  }

  @ParameterizedTest
  @ValueSource(strings = {"migrate", "plan", "reset"})
  void aFileInPlaceOfTheDirectoryIsRefused(String command) throws IOException {
    Path plain = Files.writeString(work.resolve("plain"), "");

    assertThat(run(command, plain.resolve("result.json"))).isEqualTo(2);
    assertThat(err.toString()).contains(plain + " is not a directory; nothing was run");
    assertDatabaseUnchanged();
  }

  private void assertDatabaseUnchanged() {
    assertThat(db.tableExists("flyway_schema_history")).isFalse();
    assertThat(db.tableExists("shop")).isFalse();
    assertThat(db.column("SELECT count(*) FROM kept")).containsExactly("1");
  }

  private int run(String command, Path resultFile) {
    List<String> args =
        new ArrayList<>(
            List.of(
                command,
                "--migrations",
                migrations.toString(),
                "--result-file",
                resultFile.toString()));
    if (command.equals("reset")) {
      args.addAll(List.of("--environment", "development", "--yes"));
    }
    CommandLine commandLine = DbMigrate.commandLine(Map.of("DBMIGRATE_URL", db.postgresUrl()));
    commandLine.setOut(new PrintWriter(out, true));
    commandLine.setErr(new PrintWriter(err, true));
    return commandLine.execute(args.toArray(String[]::new));
  }
}
