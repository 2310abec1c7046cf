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
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Registry credentials from a Docker config file: {@code $DOCKER_CONFIG/config.json}, else {@code
 * ~/.docker/config.json}. In a cluster a pull secret's {@code .dockerconfigjson} is this same file.
 * Only the {@code auths} section is read ({@code auth} as base64 of {@code user:password}, or
 * {@code username} and {@code password}); credential helpers ({@code credsStore}, {@code
 * credHelpers}) are programs this image does not have, and are not run.
 *
 * <p>Several files (a Job's pull secrets, say) are asked in order, as the kubelet asks a pod's
 * {@code imagePullSecrets}: the first with an entry for the registry answers.
 *
 * <p>The files are read when credentials are asked for, not before: a broken file matters only to a
 * pull that needs it, and its message then names the file — never its contents.
 */
public final class DockerConfig {
  public static final String DOCKER_CONFIG_VARIABLE = "DOCKER_CONFIG";

  /**
   * Directories with a {@code config.json} each, separated by ':'; when set, asked in order instead
   * of {@code DOCKER_CONFIG}. The operator's Jobs name their pull secrets' directories here.
   */
  public static final String DOCKER_CONFIGS_VARIABLE = "DBMIGRATE_DOCKER_CONFIGS";

  static final String FILE_NAME = "config.json";

  /**
   * One config: its name in messages ("Docker config file F"), where its credentials come from (F),
   * and its text (null when it does not exist).
   */
  private record Source(String name, String origin, TextReader text) {}

  @FunctionalInterface
  private interface TextReader {
    String read() throws IOException;
  }

  private final List<Source> sources;
  private final Path file;

  private DockerConfig(List<Source> sources, Path file) {
    this.sources = List.copyOf(sources);
    this.file = file;
  }

  /** The file(s) Docker would read with this environment; they may not exist. */
  public static DockerConfig fromEnvironment(Map<String, String> environment) {
    String directories = environment.get(DOCKER_CONFIGS_VARIABLE);
    if (directories != null && !directories.isBlank()) {
      return anyOf(
          Stream.of(directories.split(":"))
              .filter(directory -> !directory.isBlank())
              .map(directory -> of(Path.of(directory, FILE_NAME)))
              .toList());
    }
    String directory = environment.get(DOCKER_CONFIG_VARIABLE);
    if (directory != null && !directory.isBlank()) {
      return of(Path.of(directory, FILE_NAME));
    }
    String home = environment.getOrDefault("HOME", System.getProperty("user.home"));
    return of(Path.of(home, ".docker", FILE_NAME));
  }

  public static DockerConfig of(Path file) {
    return new DockerConfig(
        List.of(
            new Source(
                "Docker config file " + file,
                file.toString(),
                () -> {
                  try {
                    return Files.readString(file, StandardCharsets.UTF_8);
                  } catch (NoSuchFileException e) {
                    return null;
                  }
                })),
        file);
  }

  /**
   * A config held in memory: a pull secret's {@code .dockerconfigjson}.
   *
   * @param name what messages call it, such as {@code pull Secret shop-registry}
   */
  public static DockerConfig of(String name, String json) {
    return new DockerConfig(List.of(new Source(name, name, () -> json)), null);
  }

  /** These configs asked in order; the first with an entry for a registry answers. */
  public static DockerConfig anyOf(List<DockerConfig> configs) {
    return new DockerConfig(
        configs.stream().flatMap(config -> config.sources.stream()).toList(),
        configs.size() == 1 ? configs.get(0).file : null);
  }

  /** The one file this config reads; null when it is not a single file. */
  public Path file() {
    return file;
  }

  /**
   * The credentials for {@code registry} (host[:port] as in {@link ImageReference#registry()}),
   * empty when no config exists or has none for it.
   *
   * @throws RegistryException when a config asked exists but cannot be read or is malformed
   */
  public Optional<RegistryCredentials> credentialsFor(String registry) {
    String wanted = ImageReference.normalizedRegistry(registry);
    for (Source source : sources) {
      JsonNode auths = auths(source);
      for (Iterator<Map.Entry<String, JsonNode>> entries = auths.fields(); entries.hasNext(); ) {
        Map.Entry<String, JsonNode> entry = entries.next();
        if (registryOfKey(entry.getKey()).equals(wanted)) {
          return Optional.of(credentials(source, entry.getKey(), entry.getValue()));
        }
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

  private static JsonNode auths(Source source) {
    String text;
    try {
      text = source.text().read();
    } catch (IOException e) {
      throw malformed(source, "cannot be read (" + e.getClass().getSimpleName() + ")");
    }
    if (text == null) {
      return new ObjectMapper().createObjectNode();
    }
    JsonNode root;
    try {
      root = new ObjectMapper().readTree(text);
    } catch (IOException e) {
      // Jackson's message quotes the text it choked on, which may be a password: not shown.
      throw malformed(source, "is not valid JSON");
    }
    if (root == null || !root.isObject()) {
      throw malformed(source, "is not a JSON object");
    }
    JsonNode auths = root.path("auths");
    if (auths.isMissingNode() || auths.isNull()) {
      return new ObjectMapper().createObjectNode();
    }
    if (!auths.isObject()) {
      throw malformed(source, "has an 'auths' that is not an object");
    }
    return auths;
  }

  private static RegistryCredentials credentials(Source source, String key, JsonNode entry) {
    String auth = entry.path("auth").asText("");
    if (!auth.isEmpty()) {
      String decoded;
      try {
        decoded = new String(Base64.getDecoder().decode(auth.strip()), StandardCharsets.UTF_8);
      } catch (IllegalArgumentException e) {
        throw malformed(source, "has an 'auth' for " + key + " that is not base64");
      }
      int colon = decoded.indexOf(':');
      if (colon <= 0) {
        throw malformed(
            source, "has an 'auth' for " + key + " that is not base64 of user:password");
      }
      return new RegistryCredentials(
          decoded.substring(0, colon), decoded.substring(colon + 1), source.origin());
    }
    String username = entry.path("username").asText("");
    String password = entry.path("password").asText("");
    if (username.isEmpty() || password.isEmpty()) {
      throw malformed(
          source, "has an entry for " + key + " without 'auth' or 'username' and 'password'");
    }
    return new RegistryCredentials(username, password, source.origin());
  }

  private static RegistryException malformed(Source source, String why) {
    return new RegistryException(
        RegistryException.Kind.INVALID_CREDENTIALS_FILE, source.name() + " " + why);
  }
}
