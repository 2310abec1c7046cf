package io.dbmigrate.registry;

import io.dbmigrate.registry.ManifestDocument.Descriptor;
import io.dbmigrate.registry.RegistryException.Kind;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.zip.GZIPInputStream;

/**
 * Reads images and OCI artifacts from a registry: {@link #resolve} pins a tag to its digest, {@link
 * #pull} extracts one path of a pinned image, checking every digest on the way.
 *
 * <p>What a pull accepts: OCI and Docker v2 image manifests (for an index, see {@link
 * ManifestDocument#platformManifest}); layers that are tar or tar+gzip, applied in order with
 * whiteouts; ORAS artifacts, whose blobs with an {@code org.opencontainers.image.title} annotation
 * are files of that name (a directory pushed with {@code oras push} is a tar+gzip blob marked
 * {@code io.deis.oras.content.unpack=true}, unpacked from the root). Other blobs are skipped.
 */
public final class ImageRegistry {
  static final String TITLE = "org.opencontainers.image.title";
  static final String UNPACK = "io.deis.oras.content.unpack";

  private final HttpClient client = RegistryHttp.newClient();
  private final PullLimits limits;
  private final Duration answerTimeout;

  public ImageRegistry() {
    this(PullLimits.DEFAULT);
  }

  public ImageRegistry(PullLimits limits) {
    this(limits, RegistryHttp.ANSWER_TIMEOUT);
  }

  /** With a shorter wait for answers: for a test of a registry that does not answer. */
  ImageRegistry(PullLimits limits, Duration answerTimeout) {
    this.limits = limits;
    this.answerTimeout = answerTimeout;
  }

  /**
   * The digest {@code reference} stands for now: its tag's manifest or index, by a HEAD on the
   * manifest. A pinned reference is checked to exist and returned as it is.
   *
   * @param credentials null for anonymous access
   * @throws RegistryException when the registry cannot be reached, refuses, or has no such image
   */
  public String resolve(ImageReference reference, RegistryCredentials credentials) {
    RegistryHttp http = new RegistryHttp(client, answerTimeout, reference, credentials);
    HttpResponse<InputStream> response =
        http.send("HEAD", "manifests/" + reference.manifestReference(), ManifestDocument.ACCEPT);
    RegistryHttp.discard(response);
    requireFound(response, reference, "image " + reference);
    String contentType =
        response.headers().firstValue("Content-Type").orElse("").split(";")[0].strip();
    if (!ManifestDocument.MANIFESTS.contains(contentType)
        && !ManifestDocument.INDEXES.contains(contentType)) {
      throw ManifestDocument.unsupported(contentType, "image " + reference);
    }
    if (reference.pinned()) {
      return reference.digest();
    }
    String digest =
        response
            .headers()
            .firstValue("Docker-Content-Digest")
            // Not every registry sends it on HEAD: then the manifest itself says.
            .orElseGet(
                () ->
                    VerifiedBlobStream.digestOf(
                        manifestBytes(http, reference, reference.tag()), "sha256:"));
    if (!ImageReference.isDigest(digest)) {
      throw new RegistryException(
          Kind.INVALID_CONTENT,
          "registry "
              + reference.registry()
              + " answered '"
              + digest
              + "' as the digest of "
              + reference);
    }
    return digest;
  }

  /**
   * Extracts {@code path} of the pinned image into {@code directory} (which should be empty), as it
   * is in the image: {@code directory/migrations/V1__init.sql} for path {@code /migrations}.
   *
   * @param path a directory in the image, such as {@code /migrations}; {@code /} for everything
   * @return what was pulled; its {@link PulledImage#directory()} is the path's directory
   * @throws RegistryException for any problem; {@code directory} may then hold part of the files
   */
  public PulledImage pull(
      ImageReference pinned, String path, RegistryCredentials credentials, Path directory) {
    if (!pinned.pinned()) {
      throw new IllegalArgumentException("pull a pinned reference; resolve " + pinned + " first");
    }
    Path selected = LayerApplier.relative(path);
    RegistryHttp http = new RegistryHttp(client, answerTimeout, pinned, credentials);
    String what = "image " + pinned.pinnedName();
    ManifestDocument manifest = manifest(http, pinned, pinned.digest(), what);
    String manifestDigest = pinned.digest();
    if (manifest.index()) {
      Descriptor chosen = manifest.platformManifest(what);
      manifestDigest = chosen.digest();
      manifest = manifest(http, pinned, manifestDigest, what);
      if (manifest.index()) {
        throw new RegistryException(Kind.UNSUPPORTED, what + " is an index of indexes");
      }
    }
    checkSizes(manifest, what);
    LayerApplier applier = new LayerApplier(directory, path, limits.maxExtractedBytes());
    List<Descriptor> layers = manifest.entries();
    for (int i = 0; i < layers.size(); i++) {
      apply(http, pinned, layers.get(i), "layer " + (i + 1) + " of " + what, applier);
    }
    Path extracted = directory.resolve(selected.toString());
    if (!Files.isDirectory(extracted)) {
      throw new RegistryException(
          Kind.PATH_NOT_FOUND,
          "path "
              + path
              + (Files.exists(extracted) ? " is a file, not a directory, in " : " is not in ")
              + what
              + " (its top-level entries: "
              + applier.topLevelNames()
              + ")");
    }
    return new PulledImage(pinned, manifestDigest, extracted);
  }

  private void checkSizes(ManifestDocument manifest, String what) {
    long total = 0;
    for (int i = 0; i < manifest.entries().size(); i++) {
      long size = manifest.entries().get(i).size();
      if (size > limits.maxLayerBytes()) {
        throw new RegistryException(
            Kind.TOO_LARGE,
            "layer "
                + (i + 1)
                + " of "
                + what
                + " is "
                + PullLimits.mebibytes(size)
                + " MiB; dbmigrate pulls layers of at most "
                + PullLimits.mebibytes(limits.maxLayerBytes())
                + " MiB");
      }
      total += Math.max(size, 0);
    }
    if (total > limits.maxImageBytes()) {
      throw new RegistryException(
          Kind.TOO_LARGE,
          what
              + " has "
              + PullLimits.mebibytes(total)
              + " MiB of layers; dbmigrate pulls at most "
              + PullLimits.mebibytes(limits.maxImageBytes())
              + " MiB");
    }
  }

  private void apply(
      RegistryHttp http,
      ImageReference image,
      Descriptor layer,
      String what,
      LayerApplier applier) {
    String mediaType = layer.mediaType().toLowerCase(Locale.ROOT);
    String title = layer.annotations().get(TITLE);
    // ORAS names its blobs: a titled blob is a file (oras types files as tar, too), unless marked
    // for unpacking; an untitled one is an image layer when it is typed as one.
    boolean tar = title == null ? isTar(mediaType) : "true".equals(layer.annotations().get(UNPACK));
    if (!tar && title == null) {
      return; // not a file system layer, not a named file: nothing a pull of a path wants
    }
    if (tar && mediaType.contains("zstd")) {
      throw new RegistryException(
          Kind.UNSUPPORTED,
          what
              + " is compressed with zstd ("
              + layer.mediaType()
              + "); push it as tar or tar+gzip");
    }
    HttpResponse<InputStream> response = http.send("GET", "blobs/" + layer.digest(), null);
    requireFound(response, image, "blob " + layer.digest() + " (" + what + ")");
    try (StallGuard guard = new StallGuard(response.body(), answerTimeout);
        VerifiedBlobStream blob =
            new VerifiedBlobStream(response.body(), layer.digest(), layer.size(), what, guard)) {
      try {
        if (tar) {
          // a blob marked for unpacking but not typed as a layer is tar+gzip, as oras writes it
          boolean gzip = mediaType.endsWith("gzip") || !isTar(mediaType);
          applier.applyTar(gzip ? new GZIPInputStream(blob, 64 * 1024) : blob, what);
        } else {
          applier.applyFile(title, blob, what);
        }
      } catch (IOException e) {
        if (guard.stalled()) {
          throw stalled(image, what);
        }
        blob.verify(); // a corrupted blob is reported as that, not as the archive error it causes
        throw new RegistryException(
            Kind.INVALID_CONTENT,
            what
                + " cannot be read as "
                + (tar ? "a tar archive" : "a file")
                + ": "
                + e.getMessage());
      }
      blob.verify();
    } catch (IOException e) {
      throw new RegistryException(
          Kind.UNREACHABLE, what + " could not be downloaded: " + e.getMessage());
    }
  }

  private RegistryException stalled(ImageReference image, String what) {
    return new RegistryException(
        Kind.UNREACHABLE,
        "registry "
            + image.registry()
            + " stopped sending "
            + what
            + " for "
            + answerTimeout.toSeconds()
            + " s");
  }

  private static boolean isTar(String mediaType) {
    return mediaType.startsWith("application/vnd.oci.image.layer.")
        || mediaType.startsWith("application/vnd.docker.image.rootfs.");
  }

  private ManifestDocument manifest(
      RegistryHttp http, ImageReference image, String digest, String what) {
    HttpResponse<InputStream> response =
        http.send("GET", "manifests/" + digest, ManifestDocument.ACCEPT);
    requireFound(response, image, what);
    byte[] bytes = readManifest(response, what);
    String actual = VerifiedBlobStream.digestOf(bytes, digest);
    if (!actual.equals(digest)) {
      throw new RegistryException(
          Kind.DIGEST_MISMATCH,
          "the manifest "
              + digest
              + " of "
              + what
              + " does not match its digest (it is "
              + actual
              + ")");
    }
    return ManifestDocument.parse(
        bytes, response.headers().firstValue("Content-Type").orElse(null), what);
  }

  private byte[] manifestBytes(RegistryHttp http, ImageReference image, String reference) {
    HttpResponse<InputStream> response =
        http.send("GET", "manifests/" + reference, ManifestDocument.ACCEPT);
    requireFound(response, image, "image " + image);
    return readManifest(response, "image " + image);
  }

  private static byte[] readManifest(HttpResponse<InputStream> response, String what) {
    try (InputStream body = response.body()) {
      byte[] bytes = body.readNBytes(PullLimits.MAX_MANIFEST_BYTES + 1);
      if (bytes.length > PullLimits.MAX_MANIFEST_BYTES) {
        throw new RegistryException(
            Kind.TOO_LARGE, "the manifest of " + what + " is larger than 4 MiB");
      }
      return bytes;
    } catch (IOException e) {
      throw new RegistryException(
          Kind.UNREACHABLE, "the manifest of " + what + " could not be read: " + e.getMessage());
    }
  }

  private static void requireFound(
      HttpResponse<InputStream> response, ImageReference image, String what) {
    int status = response.statusCode();
    if (status >= 200 && status < 300) {
      return;
    }
    RegistryHttp.discard(response);
    if (status == 404) {
      throw new RegistryException(
          Kind.NOT_FOUND,
          what
              + " not found: registry "
              + image.registry()
              + " has no such repository, tag or digest");
    }
    throw new RegistryException(
        Kind.UNREACHABLE,
        "registry " + image.registry() + " answered HTTP " + status + " for " + what);
  }
}
