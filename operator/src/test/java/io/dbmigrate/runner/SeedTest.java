package io.dbmigrate.runner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class SeedTest {
  @Test
  void parsesNameDirectoryAndEnvironments() {
    assertThat(Seed.parse("reference-data=/seeds/reference"))
        .isEqualTo(new Seed("reference-data", Path.of("/seeds/reference"), List.of()));
    assertThat(Seed.parse("demo-users=/seeds/demo@development,staging"))
        .isEqualTo(
            new Seed("demo-users", Path.of("/seeds/demo"), List.of("development", "staging")));
    assertThat(Seed.parse("odd=/mnt/a@b/seeds"))
        .isEqualTo(new Seed("odd", Path.of("/mnt/a@b/seeds"), List.of()));
  }

  @Test
  void writesWhatItParses() {
    for (String argument : List.of("a=/x", "demo-users=/seeds/demo@development,staging")) {
      assertThat(Seed.parse(argument).toArgument()).isEqualTo(argument);
    }
  }

  @Test
  void rejectsMalformedArguments() {
    for (String bad : List.of("", "noequals", "=dir", "name=", "bad name=/x")) {
      assertThatThrownBy(() -> Seed.parse(bad)).isInstanceOf(IllegalArgumentException.class);
    }
  }

  @Test
  void appliesToItsEnvironmentsOnlyOrToAllWhenNoneAreGiven() {
    Seed everywhere = Seed.parse("ref=/x");
    Seed demo = Seed.parse("demo=/x@development");

    assertThat(everywhere.appliesTo("production")).isTrue();
    assertThat(demo.appliesTo("development")).isTrue();
    assertThat(demo.appliesTo("Development")).isTrue();
    assertThat(demo.appliesTo("production")).isFalse();
  }
}
