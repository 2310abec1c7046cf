package io.dbmigrate.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;

/**
 * Registry credentials from a Docker config file: {@code $DOCKER_CONFIG/config.json}, else {@code
 * ~/.docker/config.json}. In a cluster a pull secret's {@code .dockerconfigjson} is this same file.
 * Only the {@code auths} section is read ({@code auth} as base64 of {@code user:password}, or
 * {@code username} and {@code password}); credential helpers ({@code credsStore}, {@code
 * credHelpers}) are programs this image does not have, and are not run.
 *
 * <p>The file is read when credentials are asked for, not before: a broken file matters only to a
 * pull that needs it, and its message then names the file — never its contents.
 */
public final class DockerConfig {
  public static final String DOCKER_CONFIG_VARIABLE = "DOCKER_CONFIG";
  static final String FILE_NAME = "config.json";

  private final Path file;

  private DockerConfig(Path file) {
    this.file = file;
  }

  /** The file Docker would read with this environment; it may not exist. */
  public static DockerConfig fromEnvironment(Map<String, String> environment) {
    String directory = environment.get(DOCKER_CONFIG_VARIABLE);
    if (directory != null && !directory.isBlank()) {
      return new DockerConfig(Path.of(directory, FILE_NAME));
    }
    String home = environment.getOrDefault("HOME", System.getProperty("user.home"));
    return new DockerConfig(Path.of(home, ".docker", FILE_NAME));
  }

  public static DockerConfig of(Path file) {
    return new DockerConfig(file);
  }

  public Path file() {
    return file;
  }

  /**
   * The credentials for {@code registry} (host[:port] as in {@link ImageReference#registry()}),
   * empty when the file does not exist or has none for it.
   *
   * @throws RegistryException when the file exists but cannot be read or is malformed
   */
  public Optional<RegistryCredentials> credentialsFor(String registry) {
    JsonNode auths = auths();
    String wanted = ImageReference.normalizedRegistry(registry);
    for (Iterator<Map.Entry<String, JsonNode>> entries = auths.fields(); entries.hasNext(); ) {
      Map.Entry<String, JsonNode> entry = entries.next();
      if (registryOfKey(entry.getKey()).equals(wanted)) {
        return Optional.of(credentials(entry.getKey(), entry.getValue()));
      }
    }
    return Optional.empty();
  }

  /**
   * Docker writes keys as {@code host:port}, {@code https://host/}, or for Docker Hub {@code
   * https://index.docker.io/v1/}: the host[:port] is what counts.
   */
  static String registryOfKey(String key) {
    String host = key.replaceFirst("^[A-Za-z][A-Za-z0-9+.-]*://", "");
    int slash = host.indexOf('/');
    return ImageReference.normalizedRegistry(slash < 0 ? host : host.substring(0, slash));
  }

  private JsonNode auths() {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      return new ObjectMapper().createObjectNode();
    } catch (IOException e) {
      throw malformed("cannot be read (" + e.getClass().getSimpleName() + ")");
    }
    JsonNode root;
    try {
      root = new ObjectMapper().readTree(text);
    } catch (IOException e) {
      // Jackson's message quotes the text it choked on, which may be a password: not shown.
      throw malformed("is not valid JSON");
    }
    if (root == null || !root.isObject()) {
      throw malformed("is not a JSON object");
    }
    JsonNode auths = root.path("auths");
    if (auths.isMissingNode() || auths.isNull()) {
      return new ObjectMapper().createObjectNode();
    }
    if (!auths.isObject()) {
      throw malformed("has an 'auths' that is not an object");
    }
    return auths;
  }

  private RegistryCredentials credentials(String key, JsonNode entry) {
    String source = file.toString();
    String auth = entry.path("auth").asText("");
    if (!auth.isEmpty()) {
      String decoded;
      try {
        decoded = new String(Base64.getDecoder().decode(auth.strip()), StandardCharsets.UTF_8);
      } catch (IllegalArgumentException e) {
        throw malformed("has an 'auth' for " + key + " that is not base64");
      }
      int colon = decoded.indexOf(':');
      if (colon <= 0) {
        throw malformed("has an 'auth' for " + key + " that is not base64 of user:password");
      }
      return new RegistryCredentials(
          decoded.substring(0, colon), decoded.substring(colon + 1), source);
    }
    String username = entry.path("username").asText("");
    String password = entry.path("password").asText("");
    if (username.isEmpty() || password.isEmpty()) {
      throw malformed("has an entry for " + key + " without 'auth' or 'username' and 'password'");
    }
    return new RegistryCredentials(username, password, source);
  }

  private RegistryException malformed(String why) {
    return new RegistryException(
        RegistryException.Kind.INVALID_CREDENTIALS_FILE, "Docker config file " + file + " " + why);
  }
}
