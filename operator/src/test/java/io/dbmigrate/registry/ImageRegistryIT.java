package io.dbmigrate.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import io.dbmigrate.registry.RegistryException.Kind;
import io.dbmigrate.testing.TarLayer;
import io.dbmigrate.testing.TestRegistry;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Resolve and pull against a real registry (Debian's docker-registry on a loopback port). */
class ImageRegistryIT {
  private static final String PASSWORD = "reg-Secret-7731";

  @RegisterExtension static final TestRegistry registry = TestRegistry.open();

  @RegisterExtension
  static final TestRegistry privateRegistry = TestRegistry.withPassword("puller", PASSWORD);

  @TempDir Path dir;

  private final ImageRegistry images = new ImageRegistry();

  private static byte[] baseLayer() {
    return new TarLayer()
        .directory("migrations")
        .file("migrations/V1__init.sql", "create table t (id int);")
        .file("migrations/V2__drop_me.sql", "select 1;")
        .file("etc/app.conf", "x")
        .tar();
  }

  private static byte[] deletingLayer() {
    return new TarLayer()
        .whiteout("migrations/V2__drop_me.sql")
        .file("migrations/V3__more.sql", "create table u (id int);")
        .tar();
  }

  @Test
  void pullsTheLayersInOrderWithWhiteoutsAndOnlyThePath() {
    String digest =
        registry.pushImage("shop/app", "1.0", List.of(baseLayer(), deletingLayer()), true);
    ImageReference tagged = ImageReference.parse(registry.reference("shop/app", "1.0"));

    assertThat(images.resolve(tagged, null)).isEqualTo(digest);
    PulledImage pulled = images.pull(tagged.withDigest(digest), "/migrations", null, dir);

    assertThat(pulled.directory()).isEqualTo(dir.resolve("migrations"));
    assertThat(names(pulled.directory())).containsExactly("V1__init.sql", "V3__more.sql");
    assertThat(dir.resolve("etc")).doesNotExist();
    assertThat(pulled.manifestDigest()).isEqualTo(digest);
  }

  @Test
  void pullsUncompressedTarLayers() {
    String digest = registry.pushImage("shop/plain", "1", List.of(baseLayer()), false);
    PulledImage pulled =
        images.pull(
            ImageReference.parse(registry.address() + "/shop/plain@" + digest),
            "migrations",
            null,
            dir);
    assertThat(names(pulled.directory())).containsExactly("V1__init.sql", "V2__drop_me.sql");
  }

  @Test
  void pullsAnOrasDirectoryArtifactAndOrasFiles() throws IOException {
    Path migrations = Files.createDirectories(dir.resolve("src/migrations"));
    Files.writeString(migrations.resolve("V1__init.sql"), "create table t (id int);");
    String directoryDigest = registry.pushArtifact("shop/artifact", "1", migrations);
    Path file = Files.writeString(dir.resolve("src/V7__seven.sql"), "select 7;");
    String filesDigest = registry.pushArtifactFiles("shop/files", "1", file);

    Path first = Files.createDirectories(dir.resolve("first"));
    PulledImage directory =
        images.pull(
            ImageReference.parse(registry.reference("shop/artifact", "1"))
                .withDigest(directoryDigest),
            "/migrations",
            null,
            first);
    Path second = Files.createDirectories(dir.resolve("second"));
    PulledImage files =
        images.pull(
            ImageReference.parse(registry.reference("shop/files", "1")).withDigest(filesDigest),
            "/",
            null,
            second);

    assertThat(names(directory.directory())).containsExactly("V1__init.sql");
    assertThat(names(files.directory())).containsExactly("V7__seven.sql");
  }

  @Test
  void readsTheLinuxAmd64ManifestOfAnIndex() {
    String amd64 =
        registry.pushImage(
            "shop/multi",
            "amd64",
            List.of(new TarLayer().file("migrations/V1__amd64.sql", "select 1;").tar()),
            true);
    String arm64 =
        registry.pushImage(
            "shop/multi",
            "arm64",
            List.of(new TarLayer().file("migrations/V1__arm64.sql", "select 1;").tar()),
            true);
    Map<String, String> platforms = new LinkedHashMap<>();
    platforms.put("linux/arm64", arm64);
    platforms.put("linux/amd64", amd64);
    String index = registry.pushIndex("shop/multi", "1", platforms);
    ImageReference tagged = ImageReference.parse(registry.reference("shop/multi", "1"));

    assertThat(images.resolve(tagged, null)).isEqualTo(index);
    PulledImage pulled = images.pull(tagged.withDigest(index), "/migrations", null, dir);

    assertThat(pulled.manifestDigest()).isEqualTo(amd64);
    assertThat(names(pulled.directory())).containsExactly("V1__amd64.sql");
  }

  @Test
  void aNewPushToTheTagResolvesToANewDigest() {
    ImageReference tagged = ImageReference.parse(registry.reference("shop/moving", "stable"));
    String first = registry.pushImage("shop/moving", "stable", List.of(baseLayer()), true);
    assertThat(images.resolve(tagged, null)).isEqualTo(first);

    String second =
        registry.pushImage("shop/moving", "stable", List.of(baseLayer(), deletingLayer()), true);

    assertThat(second).isNotEqualTo(first);
    assertThat(images.resolve(tagged, null)).isEqualTo(second);
    assertThat(images.resolve(tagged.withDigest(first), null))
        .as("the old digest still pulls")
        .isEqualTo(first);
  }

  @Test
  void aPrivateRegistryWantsTheRightCredentials() throws IOException {
    String digest = privateRegistry.pushImage("team/private", "1", List.of(baseLayer()), true);
    ImageReference tagged = ImageReference.parse(privateRegistry.reference("team/private", "1"));
    RegistryCredentials right =
        DockerConfig.of(
                privateRegistry
                    .dockerConfig(dir.resolve("docker"), "puller", PASSWORD)
                    .resolve("config.json"))
            .credentialsFor(privateRegistry.address())
            .orElseThrow();
    RegistryCredentials wrong = new RegistryCredentials("puller", "not-" + PASSWORD, "test");

    assertThat(images.resolve(tagged, right)).isEqualTo(digest);
    assertThat(names(images.pull(tagged.withDigest(digest), "/migrations", right, dir).directory()))
        .containsExactly("V1__init.sql", "V2__drop_me.sql");
    assertThatThrownBy(() -> images.resolve(tagged, null))
        .isInstanceOf(RegistryException.class)
        .hasMessage(
            "registry "
                + privateRegistry.address()
                + " refused access to team/private (HTTP 401): no credentials for "
                + privateRegistry.address()
                + " were found; add them to the Docker config file (DOCKER_CONFIG or"
                + " ~/.docker/config.json; in a cluster, a pull secret)");
    assertThatThrownBy(() -> images.resolve(tagged, wrong))
        .isInstanceOf(RegistryException.class)
        .satisfies(e -> assertThat(((RegistryException) e).kind()).isEqualTo(Kind.UNAUTHORIZED))
        .hasMessageContaining(
            "the credentials for " + privateRegistry.address() + " from test were not accepted")
        .message()
        .doesNotContain(PASSWORD);
  }

  @Test
  void aMissingTagOrRepositoryIsNotFound() {
    registry.pushImage("shop/known", "1", List.of(baseLayer()), true);
    for (String reference :
        List.of(registry.reference("shop/known", "2"), registry.reference("shop/unknown", "1"))) {
      assertThatThrownBy(() -> images.resolve(ImageReference.parse(reference), null))
          .isInstanceOf(RegistryException.class)
          .hasMessage(
              "image "
                  + reference
                  + " not found: registry "
                  + registry.address()
                  + " has no such repository, tag or digest");
    }
  }

  @Test
  void aCorruptedBlobIsRefused() throws IOException {
    byte[] layer = new TarLayer().file("migrations/V1__init.sql", "select 1;").tar();
    String layerDigest = TestRegistry.digest(layer);
    String digest = registry.pushImage("shop/corrupt", "1", List.of(layer), false);
    byte[] stored = Files.readAllBytes(registry.blobFile(layerDigest));
    stored[512] = 'S'; // the file's first byte: the tar stays readable, its digest changes
    Files.write(registry.blobFile(layerDigest), stored);
    ImageReference pinned = ImageReference.parse(registry.address() + "/shop/corrupt@" + digest);

    assertThatThrownBy(() -> images.pull(pinned, "/migrations", null, dir))
        .isInstanceOf(RegistryException.class)
        .hasMessage(
            "layer 1 of image "
                + pinned.pinnedName()
                + " does not match its digest: the registry sent different content (corrupted in its"
                + " storage or on the way); push the image again");
  }

  @Test
  void aCorruptedGzipLayerIsReportedAsCorrupted() throws IOException {
    byte[] tar = new TarLayer().file("migrations/V1__init.sql", "select 1;").tar();
    String layerDigest = TestRegistry.digest(TarLayer.gzip(tar));
    String digest = registry.pushImage("shop/corrupt-gzip", "1", List.of(tar), true);
    byte[] stored = Files.readAllBytes(registry.blobFile(layerDigest));
    stored[stored.length - 6] ^= 0x55; // the gzip trailer: the archive fails to read
    Files.write(registry.blobFile(layerDigest), stored);
    ImageReference pinned =
        ImageReference.parse(registry.address() + "/shop/corrupt-gzip@" + digest);

    assertThatThrownBy(() -> images.pull(pinned, "/migrations", null, dir))
        .isInstanceOf(RegistryException.class)
        .satisfies(e -> assertThat(((RegistryException) e).kind()).isEqualTo(Kind.DIGEST_MISMATCH));
  }

  @Test
  void aPathNotInTheImageIsNamed() {
    String digest = registry.pushImage("shop/nopath", "1", List.of(baseLayer()), true);
    ImageReference pinned = ImageReference.parse(registry.address() + "/shop/nopath@" + digest);
    assertThatThrownBy(() -> images.pull(pinned, "/db/migrations", null, dir))
        .isInstanceOf(RegistryException.class)
        .hasMessage(
            "path /db/migrations is not in image "
                + pinned.pinnedName()
                + " (its top-level entries: etc, migrations)");
  }

  @Test
  void aLayerOverTheBoundIsRefusedBeforeItIsDownloaded() {
    String digest = registry.pushImage("shop/large", "1", List.of(baseLayer()), true);
    ImageReference pinned = ImageReference.parse(registry.address() + "/shop/large@" + digest);
    ImageRegistry small = new ImageRegistry(new PullLimits(100, 1000, 1000));
    assertThatThrownBy(() -> small.pull(pinned, "/migrations", null, dir))
        .isInstanceOf(RegistryException.class)
        .hasMessageStartingWith("layer 1 of image " + pinned.pinnedName() + " is ")
        .hasMessageEndingWith(" MiB; dbmigrate pulls layers of at most 0.00 MiB");
  }

  @Test
  void aRegistryThatRefusesOrDoesNotAnswerIsUnreachable() throws IOException {
    int closed;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closed = socket.getLocalPort();
    }
    assertThatThrownBy(
            () -> images.resolve(ImageReference.parse("127.0.0.1:" + closed + "/shop/app:1"), null))
        .isInstanceOf(RegistryException.class)
        .hasMessage("cannot reach registry 127.0.0.1:" + closed + " (http): connection refused");

    try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      ImageRegistry impatient = new ImageRegistry(PullLimits.DEFAULT, Duration.ofSeconds(1));
      assertThatThrownBy(
              () ->
                  impatient.resolve(
                      ImageReference.parse("127.0.0.1:" + silent.getLocalPort() + "/shop/app:1"),
                      null))
          .isInstanceOf(RegistryException.class)
          .hasMessage(
              "cannot reach registry 127.0.0.1:"
                  + silent.getLocalPort()
                  + " (http): it did not answer within 1 s");
    }
  }

  @Test
  void aDownloadThatStopsIsBounded() throws Exception {
    // A registry that sends the manifest, then the first bytes of the layer, then nothing.
    String blobDigest = "sha256:" + "ab".repeat(32);
    String manifest =
        registry.manifestJson(
            List.of(TestRegistry.descriptor(TestRegistry.TAR, blobDigest, 1000, "")));
    byte[] manifestBytes = manifest.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    String manifestDigest = TestRegistry.digest(manifestBytes);
    java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
    HttpServer server =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
    server.createContext(
        "/v2/",
        exchange -> {
          if (exchange.getRequestURI().getPath().contains("/manifests/")) {
            exchange.getResponseHeaders().add("Content-Type", TestRegistry.OCI_MANIFEST);
            exchange.sendResponseHeaders(200, manifestBytes.length);
            exchange.getResponseBody().write(manifestBytes);
          } else {
            exchange.sendResponseHeaders(200, 1000);
            exchange.getResponseBody().write(new byte[10]);
            exchange.getResponseBody().flush();
            try {
              release.await();
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
          }
          exchange.close();
        });
    server.start();
    try {
      String address = "127.0.0.1:" + server.getAddress().getPort();
      ImageReference pinned = ImageReference.parse(address + "/shop/app@" + manifestDigest);
      ImageRegistry impatient = new ImageRegistry(PullLimits.DEFAULT, Duration.ofSeconds(1));

      assertThatThrownBy(() -> impatient.pull(pinned, "/migrations", null, dir))
          .isInstanceOf(RegistryException.class)
          .hasMessage(
              "registry "
                  + address
                  + " stopped sending layer 1 of image "
                  + pinned.pinnedName()
                  + " for 1 s");
      assertThat(Thread.currentThread().isInterrupted())
          .as("the guard's interrupt is cleared")
          .isFalse();
    } finally {
      release.countDown();
      server.stop(0);
    }
  }

  private static List<String> names(Path directory) {
    try (Stream<Path> files = Files.list(directory)) {
      return files.map(p -> p.getFileName().toString()).sorted().toList();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
