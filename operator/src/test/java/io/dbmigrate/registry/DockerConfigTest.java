package io.dbmigrate.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DockerConfigTest {
  private static final String PASSWORD = "cfg-Pass-0042";

  @TempDir Path dir;

  private DockerConfig config(String json) throws IOException {
    return DockerConfig.of(Files.writeString(dir.resolve("config.json"), json));
  }

  private static String base64(String text) {
    return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void readsAuthAsBase64OfUserColonPassword() throws IOException {
    DockerConfig config =
        config(
            "{\"auths\":{\"registry.example.com\":{\"auth\":\""
                + base64("ci:" + PASSWORD)
                + "\"}}}");

    RegistryCredentials credentials = config.credentialsFor("registry.example.com").orElseThrow();

    assertThat(credentials.username()).isEqualTo("ci");
    assertThat(credentials.password()).isEqualTo(PASSWORD);
    assertThat(credentials.source()).isEqualTo(dir.resolve("config.json").toString());
    assertThat(credentials.toString()).doesNotContain(PASSWORD);
  }

  @Test
  void readsUsernameAndPasswordAndAPasswordWithAColon() throws IOException {
    DockerConfig config =
        config(
            "{\"auths\":{\"https://registry.example.com:5000/v2/\":{\"username\":\"u\",\"password\":\"p:w\"},"
                + "\"other.example\":{\"auth\":\""
                + base64("x:a:b")
                + "\"}}}");

    assertThat(config.credentialsFor("registry.example.com:5000").orElseThrow().password())
        .isEqualTo("p:w");
    assertThat(config.credentialsFor("other.example").orElseThrow().password()).isEqualTo("a:b");
    assertThat(config.credentialsFor("registry.example.com"))
        .as("another port, another registry")
        .isEmpty();
  }

  @Test
  void dockerHubKeysAllMeanDockerIo() throws IOException {
    DockerConfig config =
        config(
            "{\"auths\":{\"https://index.docker.io/v1/\":{\"auth\":\""
                + base64("hub:" + PASSWORD)
                + "\"}}}");

    assertThat(
            config
                .credentialsFor(ImageReference.parse("shop/app").registry())
                .orElseThrow()
                .username())
        .isEqualTo("hub");
  }

  @Test
  void noFileOrNoEntryMeansNoCredentials() throws IOException {
    assertThat(DockerConfig.of(dir.resolve("absent.json")).credentialsFor("r.example")).isEmpty();
    assertThat(config("{\"credsStore\":\"desktop\"}").credentialsFor("r.example")).isEmpty();
  }

  @Test
  void findsTheFileAsDockerDoes() {
    assertThat(
            DockerConfig.fromEnvironment(Map.of("DOCKER_CONFIG", "/etc/pull", "HOME", "/home/u"))
                .file())
        .isEqualTo(Path.of("/etc/pull/config.json"));
    assertThat(DockerConfig.fromEnvironment(Map.of("HOME", "/home/u")).file())
        .isEqualTo(Path.of("/home/u/.docker/config.json"));
  }

  @Test
  void severalDirectoriesAreAskedInOrderAndTheFirstWithAnEntryAnswers() throws IOException {
    Path first = Files.createDirectories(dir.resolve("0"));
    Path second = Files.createDirectories(dir.resolve("1"));
    Path third = Files.createDirectories(dir.resolve("2"));
    Files.writeString(
        first.resolve("config.json"),
        "{\"auths\":{\"other.example\":{\"auth\":\"" + base64("o:x") + "\"}}}");
    Files.writeString(
        second.resolve("config.json"),
        "{\"auths\":{\"r.example\":{\"auth\":\"" + base64("ci:" + PASSWORD) + "\"}}}");
    Files.writeString(
        third.resolve("config.json"),
        "{\"auths\":{\"r.example\":{\"auth\":\"" + base64("late:y") + "\"}}}");
    DockerConfig config =
        DockerConfig.fromEnvironment(
            Map.of(
                "DBMIGRATE_DOCKER_CONFIGS",
                first + ":" + second + ":" + third,
                "DOCKER_CONFIG",
                "/etc/ignored"));

    RegistryCredentials credentials = config.credentialsFor("r.example").orElseThrow();

    assertThat(credentials.username()).isEqualTo("ci");
    assertThat(credentials.source()).isEqualTo(second.resolve("config.json").toString());
    assertThat(config.credentialsFor("other.example").orElseThrow().username()).isEqualTo("o");
    assertThat(config.credentialsFor("none.example")).isEmpty();
    assertThat(config.file()).as("not one file").isNull();
  }

  @Test
  void aPullSecretsConfigIsReadFromMemoryAndNamedInMessages() {
    DockerConfig secret =
        DockerConfig.of(
            "pull Secret shop-registry",
            "{\"auths\":{\"r.example\":{\"username\":\"ci\",\"password\":\"" + PASSWORD + "\"}}}");
    assertThat(secret.credentialsFor("r.example").orElseThrow().source())
        .isEqualTo("pull Secret shop-registry");
    assertThatThrownBy(
            () ->
                DockerConfig.anyOf(
                        List.of(
                            DockerConfig.of("pull Secret a", "{\"auths\":{}}"),
                            DockerConfig.of("pull Secret broken", "{" + PASSWORD)))
                    .credentialsFor("r.example"))
        .hasMessage("pull Secret broken is not valid JSON")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain(PASSWORD));
  }

  @Test
  void aBrokenFileIsNamedAndItsContentNeverShown() throws IOException {
    String file = dir.resolve("config.json").toString();
    assertThatThrownBy(
            () -> config("{\"auths\": {\"r.example\": " + PASSWORD).credentialsFor("r.example"))
        .hasMessage("Docker config file " + file + " is not valid JSON")
        .satisfies(
            e ->
                assertThat(((RegistryException) e).kind())
                    .isEqualTo(RegistryException.Kind.INVALID_CREDENTIALS_FILE));
    assertThatThrownBy(
            () ->
                config("{\"auths\":{\"r.example\":{\"auth\":\"%%" + PASSWORD + "\"}}}")
                    .credentialsFor("r.example"))
        .hasMessage(
            "Docker config file " + file + " has an 'auth' for r.example that is not base64");
    assertThatThrownBy(
            () ->
                config("{\"auths\":{\"r.example\":{\"auth\":\"" + base64(PASSWORD) + "\"}}}")
                    .credentialsFor("r.example"))
        .hasMessage(
            "Docker config file "
                + file
                + " has an 'auth' for r.example that is not base64 of user:password");
    assertThatThrownBy(
            () ->
                config("{\"auths\":{\"r.example\":{\"username\":\"u\"}}}")
                    .credentialsFor("r.example"))
        .hasMessage(
            "Docker config file "
                + file
                + " has an entry for r.example without 'auth' or 'username' and 'password'");
    assertThatThrownBy(() -> config("[]").credentialsFor("r.example"))
        .hasMessage("Docker config file " + file + " is not a JSON object");
  }
}
