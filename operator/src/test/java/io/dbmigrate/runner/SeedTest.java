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
  void parsesAnImageSeedWhoseReferenceHasAPortATagAndADigest() {
    String digest = "sha256:" + "a".repeat(64);

    Seed plain = Seed.parseImage("ref=registry.example:5000/shop/seeds:1.4");
    Seed full =
        Seed.parseImage("demo=registry.example:5000/shop/seeds:1.4@" + digest + "#/db/demo@dev,ci");

    assertThat(plain.directory()).isNull();
    assertThat(plain.image().reference().toString())
        .isEqualTo("registry.example:5000/shop/seeds:1.4");
    assertThat(plain.image().path()).isEqualTo(SourceImage.SEEDS_PATH);
    assertThat(plain.environments()).isEmpty();
    assertThat(full.image().reference().digest())
        .as("a digest is not environments")
        .isEqualTo(digest);
    assertThat(full.image().reference().tag()).isEqualTo("1.4");
    assertThat(full.image().path()).isEqualTo("/db/demo");
    assertThat(full.environments()).containsExactly("dev", "ci");
    assertThat(Seed.parseImage("d=localhost:5000/s@" + digest).environments()).isEmpty();
  }

  @Test
  void writesTheImageFormItParses() {
    String digest = "sha256:" + "b".repeat(64);
    for (String argument :
        List.of(
            "a=localhost:5000/shop/seeds:1#/seeds",
            "b=registry.example/shop/seeds@" + digest + "#/@development",
            "c=docker.io/library/seeds:2#/x/y@dev,staging")) {
      assertThat(Seed.parseImage(argument).toArgument()).isEqualTo(argument);
    }
  }

  @Test
  void rejectsMalformedImageArgumentsNamingWhatIsWrong() {
    assertThatThrownBy(() -> Seed.parseImage("a=localhost:5000/seeds:1#seeds"))
        .hasMessage(
            "seed a: the path after '#' must be an absolute directory such as /seeds, not 'seeds'");
    assertThatThrownBy(() -> Seed.parseImage("a=localhost:5000/seeds:1#"))
        .hasMessageContaining("not ''");
    assertThatThrownBy(() -> Seed.parseImage("a=Shop/Seeds:1"))
        .hasMessageStartingWith("seed a: invalid image reference 'Shop/Seeds:1'");
    assertThatThrownBy(() -> Seed.parseImage("a=#/seeds"))
        .hasMessageStartingWith("seed a: invalid image reference '': it is empty");
    assertThatThrownBy(() -> Seed.parseImage("a=localhost:5000/seeds@latest#/x"))
        .hasMessageContaining("the digest must be sha256:");
    for (String bad : List.of("", "noequals", "=ref", "name=", "bad name=seeds:1")) {
      assertThatThrownBy(() -> Seed.parseImage(bad)).isInstanceOf(IllegalArgumentException.class);
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
