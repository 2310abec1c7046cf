package io.dbmigrate.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ImageReferenceTest {
  private static final String DIGEST = "sha256:" + "0123456789abcdef".repeat(4);

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "postgres                                  | docker.io         | library/postgres  | latest",
        "shop/migrations:1.4.0                     | docker.io         | shop/migrations   | 1.4.0",
        "docker.io/library/alpine:3                | docker.io         | library/alpine    | 3",
        "index.docker.io/shop/app                  | docker.io         | shop/app          | latest",
        "registry.example.com/team/shop/db:v2      | registry.example.com | team/shop/db   | v2",
        "localhost/shop                            | localhost         | shop              | latest",
        "localhost:5000/shop:dev                   | localhost:5000    | shop              | dev",
        "127.0.0.1:5000/shop/app:1                 | 127.0.0.1:5000    | shop/app          | 1",
        "[::1]:5000/shop:1                         | [::1]:5000        | shop              | 1",
        "Registry.Example.COM/shop                 | registry.example.com | shop           | latest",
        "ghcr.io/o-r_g/my__app.x:1.0_RC-1          | ghcr.io           | o-r_g/my__app.x   | 1.0_RC-1",
      })
  void readsRegistryRepositoryAndTagAsDockerDoes(
      String text, String registry, String repository, String tag) {
    ImageReference reference = ImageReference.parse(text);

    assertThat(reference.registry()).isEqualTo(registry);
    assertThat(reference.repository()).isEqualTo(repository);
    assertThat(reference.tag()).isEqualTo(tag);
    assertThat(reference.digest()).isNull();
    assertThat(reference.pinned()).isFalse();
  }

  @Test
  void aDigestPinsAndTheTagStaysForReading() {
    ImageReference both = ImageReference.parse("registry.example.com/shop:1.4.0@" + DIGEST);
    ImageReference digestOnly = ImageReference.parse("registry.example.com/shop@" + DIGEST);

    assertThat(both.pinned()).isTrue();
    assertThat(both.tag()).isEqualTo("1.4.0");
    assertThat(both.manifestReference()).isEqualTo(DIGEST);
    assertThat(both.pinnedName()).isEqualTo("registry.example.com/shop@" + DIGEST);
    assertThat(both).hasToString("registry.example.com/shop:1.4.0@" + DIGEST);
    assertThat(digestOnly.tag()).isNull();
    assertThat(digestOnly).hasToString("registry.example.com/shop@" + DIGEST);
  }

  @Test
  void withDigestPinsATaggedReference() {
    ImageReference pinned = ImageReference.parse("shop/app:1").withDigest(DIGEST);

    assertThat(pinned.pinnedName()).isEqualTo("docker.io/shop/app@" + DIGEST);
    assertThatThrownBy(() -> ImageReference.parse("shop/app:1").pinnedName())
        .isInstanceOf(IllegalStateException.class);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '"',
      value = {
        "Shop/App                        | the repository 'Shop/App' must be lowercase letters, digits and separators",
        "shop/app:                       | the tag '' must be letters, digits, '_', '.' or '-'",
        "shop/app:-x                     | the tag '-x' must be letters, digits, '_', '.' or '-'",
        "shop//app                       | the repository 'shop//app' must be lowercase letters, digits and separators",
        "shop/app@sha256:abc             | the digest must be sha256: and 64 hex digits (lowercase)",
        "shop/app@md5:0123               | the digest must be sha256: and 64 hex digits (lowercase)",
        "my_host:5000/shop               | 'my_host:5000' is not a registry host[:port]",
        "https://registry.example.com/shop | a reference has no scheme: leave out 'https://'",
      })
  void refusesWhatDoesNotParseAndSaysWhy(String text, String why) {
    assertThatThrownBy(() -> ImageReference.parse(text))
        .isInstanceOf(RegistryException.class)
        .hasMessage(
            "invalid image reference '"
                + text
                + "': "
                + why
                + "; expected [registry/]repository[:tag][@sha256:digest]")
        .satisfies(
            e ->
                assertThat(((RegistryException) e).kind())
                    .isEqualTo(RegistryException.Kind.INVALID_REFERENCE));
  }

  @Test
  void refusesAnEmptyReference() {
    assertThatThrownBy(() -> ImageReference.parse("  "))
        .isInstanceOf(RegistryException.class)
        .hasMessage(
            "invalid image reference '  ': it is empty; expected"
                + " [registry/]repository[:tag][@sha256:digest]");
  }

  @Test
  void loopbackRegistriesAreTheOnlyOnesSpokenToOverPlainHttp() {
    assertThat(RegistryHttp.isLoopback("localhost:5000")).isTrue();
    assertThat(RegistryHttp.isLoopback("127.0.0.1:5000")).isTrue();
    assertThat(RegistryHttp.isLoopback("127.3.4.5")).isTrue();
    assertThat(RegistryHttp.isLoopback("[::1]:5000")).isTrue();
    assertThat(RegistryHttp.isLoopback("10.0.0.1:5000")).isFalse();
    assertThat(RegistryHttp.isLoopback("[fe80::1]:5000")).isFalse();
    assertThat(RegistryHttp.isLoopback("localhost.example.com")).isFalse();
    assertThat(RegistryHttp.isLoopback("docker.io")).isFalse();
    assertThat(RegistryHttp.apiHost("docker.io")).isEqualTo("registry-1.docker.io");
  }
}
