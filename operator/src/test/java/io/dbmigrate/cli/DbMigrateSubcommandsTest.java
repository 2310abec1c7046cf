package io.dbmigrate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** The process builds only the subcommand it runs; help and typos still see them all. */
class DbMigrateSubcommandsTest {
  private static final String[] ALL = {
    "migrate", "plan", "info", "baseline", "repair", "reset", "health", "operator", "wait"
  };

  @Test
  void aNamedSubcommandIsTheOnlyOneBuilt() {
    assertThat(DbMigrate.commandLine(Map.of(), "migrate").getSubcommands())
        .containsOnlyKeys("migrate");
  }

  @Test
  void helpATypoOrNothingBuildsThemAll() {
    assertThat(DbMigrate.commandLine(Map.of(), "--help").getSubcommands()).containsOnlyKeys(ALL);
    assertThat(DbMigrate.commandLine(Map.of(), "migrat").getSubcommands()).containsOnlyKeys(ALL);
    assertThat(DbMigrate.commandLine(Map.of(), (String) null).getSubcommands())
        .containsOnlyKeys(ALL);
    assertThat(DbMigrate.commandLine(Map.of()).getSubcommands()).containsOnlyKeys(ALL);
  }
}
