package io.dbmigrate.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dbmigrate.registry.RegistryException.Kind;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * An image manifest or image index, OCI or Docker v2 — the fields a pull needs.
 *
 * @param index whether it is an index (a list of manifests per platform)
 * @param entries the layers of a manifest, or the manifests of an index
 */
record ManifestDocument(boolean index, List<Descriptor> entries) {
  static final String OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json";
  static final String OCI_INDEX = "application/vnd.oci.image.index.v1+json";
  static final String DOCKER_MANIFEST = "application/vnd.docker.distribution.manifest.v2+json";
  static final String DOCKER_INDEX = "application/vnd.docker.distribution.manifest.list.v2+json";

  static final Set<String> MANIFESTS = Set.of(OCI_MANIFEST, DOCKER_MANIFEST);
  static final Set<String> INDEXES = Set.of(OCI_INDEX, DOCKER_INDEX);

  /** What the manifest endpoint is asked for: these four, nothing older. */
  static final String ACCEPT =
      String.join(", ", OCI_MANIFEST, OCI_INDEX, DOCKER_MANIFEST, DOCKER_INDEX);

  /** The platform an index is read for when it has more than one entry. */
  static final String PLATFORM = "linux/amd64";

  /**
   * A layer or a manifest of an index.
   *
   * @param platform {@code os/architecture[/variant]} of an index entry, else null
   */
  record Descriptor(
      String mediaType,
      String digest,
      long size,
      Map<String, String> annotations,
      String platform) {}

  /**
   * @param contentType the answer's Content-Type, used when the document names no mediaType
   */
  static ManifestDocument parse(byte[] json, String contentType, String what) {
    JsonNode root;
    try {
      root = new ObjectMapper().readTree(json);
    } catch (IOException e) {
      throw new RegistryException(Kind.INVALID_CONTENT, "the manifest of " + what + " is not JSON");
    }
    String mediaType = root.path("mediaType").asText(null);
    if (mediaType == null) {
      mediaType = contentType == null ? "" : contentType.split(";")[0].strip();
    }
    if (mediaType.isEmpty() && root.has("manifests")) {
      mediaType = OCI_INDEX;
    } else if (mediaType.isEmpty() && root.has("layers")) {
      mediaType = OCI_MANIFEST;
    }
    boolean index = INDEXES.contains(mediaType);
    if (!index && !MANIFESTS.contains(mediaType)) {
      throw unsupported(mediaType, what);
    }
    List<Descriptor> entries = new ArrayList<>();
    for (JsonNode entry : root.path(index ? "manifests" : "layers")) {
      Map<String, String> annotations = new LinkedHashMap<>();
      entry
          .path("annotations")
          .fields()
          .forEachRemaining(a -> annotations.put(a.getKey(), a.getValue().asText()));
      JsonNode platform = entry.path("platform");
      String platformName =
          platform.isObject()
              ? platform.path("os").asText("")
                  + "/"
                  + platform.path("architecture").asText("")
                  + (platform.hasNonNull("variant") ? "/" + platform.path("variant").asText() : "")
              : null;
      String digest = entry.path("digest").asText("");
      if (!ImageReference.isDigest(digest)) {
        throw new RegistryException(
            Kind.INVALID_CONTENT,
            "the manifest of " + what + " has an entry without a valid digest");
      }
      entries.add(
          new Descriptor(
              entry.path("mediaType").asText(""),
              digest,
              entry.path("size").asLong(-1),
              annotations,
              platformName));
    }
    return new ManifestDocument(index, List.copyOf(entries));
  }

  static RegistryException unsupported(String mediaType, String what) {
    return new RegistryException(
        Kind.UNSUPPORTED,
        what
            + " has a manifest of type '"
            + mediaType
            + "'; dbmigrate reads OCI and Docker v2 image manifests and indexes");
  }

  /**
   * The manifest an index stands for: its only entry, else the {@value #PLATFORM} one (migrations
   * do not depend on the node's architecture, so one fixed choice keeps every pull the same).
   */
  Descriptor platformManifest(String what) {
    if (entries.size() == 1) {
      return entries.get(0);
    }
    for (Descriptor entry : entries) {
      if (PLATFORM.equals(entry.platform())) {
        return entry;
      }
    }
    throw new RegistryException(
        Kind.UNSUPPORTED,
        what
            + " is an index of "
            + entries.size()
            + " manifests and none is for "
            + PLATFORM
            + " (it has: "
            + String.join(", ", entries.stream().map(e -> String.valueOf(e.platform())).toList())
            + "); push one for "
            + PLATFORM
            + " or name the manifest's digest");
  }
}
