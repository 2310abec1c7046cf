package io.dbmigrate.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FlywayConfigFileTest {
  @TempDir Path dir;

  private Path write(String name, String text) throws IOException {
    return Files.writeString(dir.resolve(name), text);
  }

  @Test
  void readsTheFlywayTablesOfATomlFile() throws IOException {
    Path file =
        write(
            "flyway.toml",
            """
            [environments.default]
            url = "jdbc:postgresql://elsewhere/ignored"
            password = "not-read"

            [flyway]
            table = "history"
            schemas = ["app", "audit"]
            outOfOrder = true
            connectRetries = 3
            baselineVersion = "2.1"

            [flyway.placeholders]
            tableName = "orders"
            "tenant.id" = "shop"
            """);

    FlywaySettings settings = FlywayConfigFile.read(file);

    assertThat(settings.values())
        .containsExactlyInAnyOrderEntriesOf(
            Map.of(
                "table", "history",
                "schemas", "app,audit",
                "outOfOrder", "true",
                "connectRetries", "3",
                "baselineVersion", "2.1",
                "placeholders.tableName", "orders",
                "placeholders.tenant.id", "shop"));
  }

  @Test
  void readsAConfFile() throws IOException {
    Path file =
        write(
            "flyway.conf",
            """
            # comments and blank lines are fine

            flyway.table=history
            flyway.schemas=app,audit
            flyway.placeholders.tableName=orders
            """);

    assertThat(FlywayConfigFile.read(file).values())
        .containsExactlyInAnyOrderEntriesOf(
            Map.of(
                "table", "history",
                "schemas", "app,audit",
                "placeholders.tableName", "orders"));
  }

  @Test
  void aFileWithoutFlywaySettingsGivesNone() throws IOException {
    assertThat(FlywayConfigFile.read(write("flyway.toml", "[environments.dev]\nurl = \"x\"\n")))
        .isEqualTo(FlywaySettings.NONE);
    assertThat(FlywayConfigFile.read(write("flyway.conf", "# nothing yet\n")))
        .isEqualTo(FlywaySettings.NONE);
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "url|give the database with --url or DBMIGRATE_URL (spec.database.urlFrom)",
        "user|give the user with --username or DBMIGRATE_USERNAME (spec.database.usernameFrom)",
        "password|give the password in DBMIGRATE_PASSWORD (spec.database.passwordFrom), never in a file",
        "locations|give the migrations with --migrations (spec.migrations)"
      })
  void refusesWhatHasAnOptionOfItsOwn(String key, String instead) throws IOException {
    Path toml = write("flyway.toml", "[flyway]\n" + key + " = \"Pw-never-shown-77\"\n");
    Path conf = write("flyway.conf", "flyway." + key + "=Pw-never-shown-77\n");

    for (Path file : new Path[] {toml, conf}) {
      assertThatThrownBy(() -> FlywayConfigFile.read(file))
          .hasMessage(file + ": flyway." + key + " is not read from a config file; " + instead)
          .hasMessageNotContaining("Pw-never-shown-77");
    }
  }

  @Test
  void namesAnUnknownKeyWithItsFile() throws IOException {
    Path toml = write("flyway.toml", "[flyway.postgresql]\ntransactional.lock = false\n");
    Path conf = write("flyway.conf", "flyway.cleanDisabled=false\n");

    assertThatThrownBy(() -> FlywayConfigFile.read(toml))
        .hasMessageStartingWith(
            toml + ": unknown Flyway setting 'postgresql.transactional.lock'; supported: ");
    assertThatThrownBy(() -> FlywayConfigFile.read(conf))
        .hasMessageStartingWith(conf + ": unknown Flyway setting 'cleanDisabled'; supported: ");
  }

  @Test
  void aConfKeyMustStartWithFlyway() throws IOException {
    Path conf = write("flyway.conf", "table=history\n");

    assertThatThrownBy(() -> FlywayConfigFile.read(conf))
        .hasMessage(conf + ": 'table' is no Flyway setting: every key starts with flyway.");
  }

  @Test
  void namesABadValueWithItsFile() throws IOException {
    Path toml = write("flyway.toml", "[flyway]\noutOfOrder = \"sometimes\"\n");

    assertThatThrownBy(() -> FlywayConfigFile.read(toml))
        .hasMessage(toml + ": Flyway setting outOfOrder must be true or false, not 'sometimes'");
  }

  @Test
  void saysWhyAFileCannotBeRead() throws IOException {
    assertThatThrownBy(() -> FlywayConfigFile.read(dir.resolve("absent.conf")))
        .hasMessage("cannot read " + dir.resolve("absent.conf") + ": no such file");
    Path directory = Files.createDirectory(dir.resolve("conf.d.toml"));
    assertThatThrownBy(() -> FlywayConfigFile.read(directory))
        .hasMessage("cannot read " + directory + ": it is a directory");
    Path toml = write("flyway.toml", "[flyway]\ntable = \"unterminated\n");
    assertThatThrownBy(() -> FlywayConfigFile.read(toml))
        .hasMessageStartingWith(toml + " is not valid TOML (line 2, column ");
    Path flywayNotATable = write("other.toml", "flyway = \"yes\"\n");
    assertThatThrownBy(() -> FlywayConfigFile.read(flywayNotATable))
        .hasMessage(flywayNotATable + ": flyway must be a table ([flyway])");
    Path yaml = write("flyway.yaml", "flyway: {}\n");
    assertThatThrownBy(() -> FlywayConfigFile.read(yaml))
        .hasMessageStartingWith("--config " + yaml + ": name a flyway.toml (TOML) or flyway.conf");
  }
}
