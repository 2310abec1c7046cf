package io.dbmigrate.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dbmigrate.config.FlywaySettings;
import io.dbmigrate.db.Redactor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;

/** How the Flyway options of migrate, plan and reset become one set of settings, without a run. */
class FlywayOptionsTest {
  @TempDir Path dir;

  private static FlywaySettings settings(Map<String, String> environment, String... options) {
    List<String> args = new ArrayList<>(List.of("migrate", "--migrations", "unused"));
    args.addAll(List.of(options));
    CommandLine commandLine = DbMigrate.commandLine(environment);
    CommandLine.ParseResult parsed = commandLine.parseArgs(args.toArray(String[]::new));
    MigrateCommand migrate = (MigrateCommand) parsed.subcommand().commandSpec().userObject();
    return migrate.flyway.settings(environment);
  }

  private static FlywaySettings settings(String... options) {
    return settings(Map.of(), options);
  }

  @Test
  void namedOptionsBecomeFlywaySettings() {
    FlywaySettings settings =
        settings(
            "--schema",
            "app",
            "--schema",
            "audit",
            "--table",
            "history",
            "--out-of-order",
            "--placeholder",
            "tableName=orders");

    assertThat(settings.values())
        .containsExactlyInAnyOrderEntriesOf(
            Map.of(
                "schemas", "app,audit",
                "defaultSchema", "app",
                "table", "history",
                "outOfOrder", "true",
                "placeholders.tableName", "orders"));
  }

  @Test
  void noOptionsMeanNoSettings() {
    assertThat(settings()).isEqualTo(FlywaySettings.NONE);
  }

  @Test
  void aBaselineVersionBaselinesOnMigrateUnlessTheSettingsSayOtherwise() throws IOException {
    assertThat(settings("--baseline-version", "3").values())
        .containsExactlyInAnyOrderEntriesOf(
            Map.of("baselineVersion", "3", "baselineOnMigrate", "true"));
    assertThat(
            settings("--baseline-version", "3", "--flyway", "baselineOnMigrate=false")
                .get("baselineOnMigrate"))
        .isEqualTo("false");
    Path conf = Files.writeString(dir.resolve("flyway.conf"), "flyway.baselineOnMigrate=false\n");
    assertThat(
            settings("--config", conf.toString(), "--baseline-version", "3")
                .get("baselineOnMigrate"))
        .isEqualTo("false");
  }

  @Test
  void theFileGivesWayToFlywaySettingsWhichGiveWayToNamedOptions() throws IOException {
    Path toml =
        Files.writeString(
            dir.resolve("flyway.toml"),
            "[flyway]\ntable = \"file\"\nmixed = true\n[flyway.placeholders]\nname = \"file\"\n");

    assertThat(settings("--config", toml.toString()).values())
        .containsExactlyInAnyOrderEntriesOf(
            Map.of("table", "file", "mixed", "true", "placeholders.name", "file"));
    assertThat(
            settings(
                    "--config",
                    toml.toString(),
                    "--flyway",
                    "table=flyway",
                    "--flyway",
                    "placeholders.name=flyway")
                .values())
        .containsEntry("table", "flyway")
        .containsEntry("placeholders.name", "flyway");
    assertThat(
            settings(
                    "--config",
                    toml.toString(),
                    "--flyway",
                    "table=flyway",
                    "--table",
                    "named",
                    "--placeholder",
                    "name=named")
                .values())
        .containsEntry("table", "named")
        .containsEntry("placeholders.name", "named")
        .containsEntry("mixed", "true");
  }

  @Test
  void aPlaceholderFromTheEnvironmentIsReadAndMasked() {
    String secret = "Env-Placeholder-Qx7";

    FlywaySettings settings =
        settings(Map.of("API_TOKEN", secret), "--placeholder-from-env", "token=API_TOKEN");

    assertThat(settings.placeholders()).containsEntry("token", secret);
    assertThat(Redactor.process().redact("token " + secret)).isEqualTo("token ****");
    assertThat(settings.toString()).doesNotContain(secret);
  }

  @Test
  void anUnsetVariableIsAUsageErrorNamingIt() {
    assertThatThrownBy(() -> settings("--placeholder-from-env", "token=API_TOKEN"))
        .isInstanceOf(ParameterException.class)
        .hasMessage(
            "environment variable API_TOKEN is not set (--placeholder-from-env token=API_TOKEN)");
  }

  @Test
  void theMergedSettingsAreCheckedTogether() throws IOException {
    Path conf =
        Files.writeString(
            dir.resolve("flyway.conf"), "flyway.schemas=app\nflyway.defaultSchema=app\n");

    assertThatThrownBy(() -> settings("--config", conf.toString(), "--flyway", "defaultSchema=x"))
        .isInstanceOf(ParameterException.class)
        .hasMessageStartingWith("defaultSchema x is not one of schemas (app)");
    assertThat(settings("--config", conf.toString(), "--schema", "x").values())
        .containsEntry("schemas", "x")
        .containsEntry("defaultSchema", "x");
  }
}
