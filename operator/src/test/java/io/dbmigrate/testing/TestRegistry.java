package io.dbmigrate.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import land.oras.ContainerRef;
import land.oras.LocalPath;
import land.oras.Registry;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Debian's {@code docker-registry} (the CNCF distribution registry) on a free loopback port, with
 * its storage in a temporary directory; optionally behind htpasswd (bcrypt) authentication. Use as
 * {@code @RegisterExtension static final TestRegistry registry = TestRegistry.open();}: started
 * before the class's tests, stopped and deleted after.
 *
 * <p>Images are pushed by the tests: blobs through the ORAS SDK (as an ORAS user would), manifests
 * and indexes as the JSON written here (PUT), so that the test decides every byte and digest.
 * {@code oras push}-style artifacts through the SDK's pushArtifact.
 */
public final class TestRegistry implements BeforeAllCallback, AfterAllCallback, AutoCloseable {
  public static final String PROGRAM = "/usr/bin/docker-registry";
  public static final String OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json";
  public static final String OCI_INDEX = "application/vnd.oci.image.index.v1+json";
  public static final String TAR_GZIP = "application/vnd.oci.image.layer.v1.tar+gzip";
  public static final String TAR = "application/vnd.oci.image.layer.v1.tar";
  private static final String EMPTY_CONFIG = "{}";

  private final String username;
  private final String password;
  private final HttpClient http = HttpClient.newHttpClient();
  private Path home;
  private Process process;
  private int port;

  private TestRegistry(String username, String password) {
    this.username = username;
    this.password = password;
  }

  /** A registry anyone may pull from and push to. */
  public static TestRegistry open() {
    return new TestRegistry(null, null);
  }

  /** A registry that wants {@code username} and {@code password} for everything. */
  public static TestRegistry withPassword(String username, String password) {
    return new TestRegistry(username, password);
  }

  @Override
  public void beforeAll(ExtensionContext context) throws Exception {
    start();
  }

  @Override
  public void afterAll(ExtensionContext context) {
    close();
  }

  public TestRegistry start() throws IOException, InterruptedException {
    home = Files.createTempDirectory("dbmigrate-registry-");
    String auth = "";
    if (username != null) {
      Process htpasswd =
          new ProcessBuilder("htpasswd", "-Bbn", username, password)
              .redirectErrorStream(true)
              .start();
      String line = new String(htpasswd.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (htpasswd.waitFor() != 0) {
        throw new IllegalStateException("htpasswd failed: " + line);
      }
      Files.writeString(home.resolve("htpasswd"), line.strip() + "\n");
      auth =
          "auth:\n  htpasswd:\n    realm: test-registry\n    path: "
              + home.resolve("htpasswd")
              + "\n";
    }
    port = freePort();
    Path config = home.resolve("config.yml");
    Files.writeString(
        config,
        "version: 0.1\n"
            + "log:\n  level: warn\n  accesslog:\n    disabled: true\n"
            + "storage:\n  filesystem:\n    rootdirectory: "
            + home.resolve("storage")
            + "\n  delete:\n    enabled: true\n"
            + "http:\n  addr: 127.0.0.1:"
            + port
            + "\n"
            + auth);
    process =
        new ProcessBuilder(PROGRAM, "serve", config.toString())
            .redirectErrorStream(true)
            .redirectOutput(home.resolve("registry.log").toFile())
            .start();
    Waits.await("the registry at " + address() + " answers")
        .until(() -> status(URI.create("http://" + address() + "/v2/")) > 0);
    return this;
  }

  private int status(URI uri) throws IOException, InterruptedException {
    if (!process.isAlive()) {
      throw new IllegalStateException(
          "the registry stopped: " + Files.readString(home.resolve("registry.log")));
    }
    return http.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.discarding())
        .statusCode();
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  /** {@code 127.0.0.1:PORT}: the registry part of references. */
  public String address() {
    return "127.0.0.1:" + port;
  }

  /** {@code 127.0.0.1:PORT/repository:tag}. */
  public String reference(String repository, String tag) {
    return address() + "/" + repository + ":" + tag;
  }

  /** Where the registry keeps a blob: for a test that corrupts one. */
  public Path blobFile(String digest) {
    String hex = digest.substring("sha256:".length());
    return home.resolve("storage/docker/registry/v2/blobs/sha256")
        .resolve(hex.substring(0, 2))
        .resolve(hex)
        .resolve("data");
  }

  /**
   * Pushes an image whose layers are the given tars (tar+gzip when {@code gzip}), with an empty
   * config; returns the manifest's digest.
   */
  public String pushImage(String repository, String tag, List<byte[]> layers, boolean gzip) {
    List<String> descriptors = new ArrayList<>();
    for (byte[] layer : layers) {
      byte[] blob = gzip ? TarLayer.gzip(layer) : layer;
      descriptors.add(
          descriptor(gzip ? TAR_GZIP : TAR, pushBlob(repository, blob), blob.length, ""));
    }
    return pushManifest(repository, tag, manifestJson(descriptors));
  }

  /** The JSON of an image manifest with these layer descriptors and an empty config. */
  public String manifestJson(List<String> layerDescriptors) {
    return "{\"schemaVersion\":2,\"mediaType\":\""
        + OCI_MANIFEST
        + "\",\"config\":"
        + descriptor(
            "application/vnd.oci.image.config.v1+json",
            digest(EMPTY_CONFIG.getBytes(StandardCharsets.UTF_8)),
            EMPTY_CONFIG.length(),
            "")
        + ",\"layers\":["
        + String.join(",", layerDescriptors)
        + "]}";
  }

  /** A descriptor; {@code extra} is more JSON members, such as {@code ,"annotations":{…}}. */
  public static String descriptor(String mediaType, String digest, long size, String extra) {
    return "{\"mediaType\":\""
        + mediaType
        + "\",\"digest\":\""
        + digest
        + "\",\"size\":"
        + size
        + extra
        + "}";
  }

  /**
   * Pushes an index of the given manifests, each {@code platform -> digest} ("linux/amd64");
   * returns the index's digest.
   */
  public String pushIndex(String repository, String tag, Map<String, String> manifests) {
    List<String> entries = new ArrayList<>();
    for (Map.Entry<String, String> manifest : manifests.entrySet()) {
      String[] platform = manifest.getKey().split("/");
      byte[] json = manifestBytes(repository, manifest.getValue());
      entries.add(
          descriptor(
              OCI_MANIFEST,
              manifest.getValue(),
              json.length,
              ",\"platform\":{\"os\":\""
                  + platform[0]
                  + "\",\"architecture\":\""
                  + platform[1]
                  + "\"}"));
    }
    String index =
        "{\"schemaVersion\":2,\"mediaType\":\""
            + OCI_INDEX
            + "\",\"manifests\":["
            + String.join(",", entries)
            + "]}";
    return put(repository, tag, index, OCI_INDEX);
  }

  public String pushManifest(String repository, String tag, String json) {
    pushBlob(repository, EMPTY_CONFIG.getBytes(StandardCharsets.UTF_8));
    return put(repository, tag, json, OCI_MANIFEST);
  }

  /** {@code oras push REF DIR/}: the directory as a tar+gzip blob to unpack; returns the digest. */
  public String pushArtifact(String repository, String tag, Path directory) {
    return pushArtifact(repository, tag, LocalPath.of(directory, TAR_GZIP));
  }

  /** {@code oras push REF FILE…}: each file a blob with its name as title; returns the digest. */
  public String pushArtifactFiles(String repository, String tag, Path... files) {
    return pushArtifact(
        repository, tag, Stream.of(files).map(LocalPath::of).toArray(LocalPath[]::new));
  }

  private String pushArtifact(String repository, String tag, LocalPath... paths) {
    ContainerRef ref = ContainerRef.parse(reference(repository, tag));
    oras()
        .pushArtifact(
            ref,
            land.oras.ArtifactType.from("application/vnd.dbmigrate.migrations"),
            land.oras.Annotations.empty(),
            land.oras.Config.empty(),
            paths);
    return headDigest(repository, tag);
  }

  public String pushBlob(String repository, byte[] blob) {
    return oras()
        .pushBlob(ContainerRef.parse(address() + "/" + repository + "@" + digest(blob)), blob)
        .getDigest();
  }

  private Registry oras() {
    Registry.Builder builder =
        username == null
            ? Registry.builder().insecure()
            : Registry.builder().insecure(address(), username, password);
    return builder.build();
  }

  private String put(String repository, String tag, String json, String mediaType) {
    HttpRequest request =
        authorized(
                HttpRequest.newBuilder(
                    URI.create("http://" + address() + "/v2/" + repository + "/manifests/" + tag)))
            .header("Content-Type", mediaType)
            .PUT(HttpRequest.BodyPublishers.ofString(json))
            .build();
    HttpResponse<String> response = send(request);
    if (response.statusCode() != 201) {
      throw new IllegalStateException(
          "manifest push failed: " + response.statusCode() + " " + response.body());
    }
    return digest(json.getBytes(StandardCharsets.UTF_8));
  }

  private byte[] manifestBytes(String repository, String digest) {
    HttpRequest request =
        authorized(
                HttpRequest.newBuilder(
                    URI.create(
                        "http://" + address() + "/v2/" + repository + "/manifests/" + digest)))
            .header("Accept", OCI_MANIFEST)
            .build();
    return send(request).body().getBytes(StandardCharsets.UTF_8);
  }

  private String headDigest(String repository, String tag) {
    HttpRequest request =
        authorized(
                HttpRequest.newBuilder(
                    URI.create("http://" + address() + "/v2/" + repository + "/manifests/" + tag)))
            .header("Accept", OCI_MANIFEST + ", " + OCI_INDEX)
            .method("HEAD", HttpRequest.BodyPublishers.noBody())
            .build();
    return send(request).headers().firstValue("Docker-Content-Digest").orElseThrow();
  }

  private HttpRequest.Builder authorized(HttpRequest.Builder request) {
    if (username != null) {
      request.header(
          "Authorization",
          "Basic "
              + Base64.getEncoder()
                  .encodeToString((username + ":" + password).getBytes(StandardCharsets.UTF_8)));
    }
    return request.timeout(Duration.ofSeconds(30));
  }

  private HttpResponse<String> send(HttpRequest request) {
    try {
      return http.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  public static String digest(byte[] data) {
    try {
      return "sha256:"
          + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * Writes {@code directory/config.json} (the directory is what {@code DOCKER_CONFIG} names) with
   * these credentials for this registry; returns the directory.
   */
  public Path dockerConfig(Path directory, String user, String secret) throws IOException {
    Files.createDirectories(directory);
    String auth =
        Base64.getEncoder().encodeToString((user + ":" + secret).getBytes(StandardCharsets.UTF_8));
    Files.writeString(
        directory.resolve("config.json"),
        "{\"auths\":{\"" + address() + "\":{\"auth\":\"" + auth + "\"}}}");
    return directory;
  }

  @Override
  public void close() {
    if (process != null) {
      process.destroy();
      try {
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
          process.destroyForcibly();
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    if (home != null) {
      try (Stream<Path> walk = Files.walk(home)) {
        walk.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
      } catch (IOException e) {
        // a temporary directory left behind
      }
    }
  }
}
