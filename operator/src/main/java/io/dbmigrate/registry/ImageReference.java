package io.dbmigrate.registry;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * An image or artifact reference as Docker reads it: {@code [registry/]repository[:tag][@digest]}.
 *
 * <p>The rules: the first path component is the registry when it contains a '.' or a ':' or is
 * {@code localhost}; otherwise the registry is {@code docker.io}, and a one-component repository
 * there is {@code library/NAME}. Without a tag or digest the tag is {@code latest}. With both, the
 * digest decides what is pulled; the tag stays for people to read.
 *
 * @param registry host[:port] as written (IPv6 in brackets); {@code docker.io} for Docker Hub
 * @param repository the repository path, lowercase
 * @param tag the tag; null when only a digest was given
 * @param digest {@code sha256:…} or {@code sha512:…}; null when not pinned
 */
public record ImageReference(String registry, String repository, String tag, String digest) {
  public static final String DOCKER_HUB = "docker.io";
  public static final String DEFAULT_TAG = "latest";

  /** What a reference looks like, for messages that refuse one. */
  public static final String FORM = "[registry/]repository[:tag][@sha256:digest]";

  private static final String COMPONENT = "[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*";
  private static final Pattern REPOSITORY = Pattern.compile(COMPONENT + "(?:/" + COMPONENT + ")*");
  private static final Pattern TAG = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}");
  private static final Pattern DIGEST = Pattern.compile("sha256:[a-f0-9]{64}|sha512:[a-f0-9]{128}");
  private static final Pattern HOST =
      Pattern.compile(
          "(?:[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\\.[A-Za-z0-9-]+)*|\\[[0-9A-Fa-f:.]+\\])(?::[0-9]{1,5})?");

  /**
   * @throws RegistryException ({@link RegistryException.Kind#INVALID_REFERENCE}) naming what is
   *     wrong
   */
  public static ImageReference parse(String text) {
    if (text == null || text.isBlank()) {
      throw invalid(text, "it is empty");
    }
    String rest = text.strip();
    int scheme = rest.indexOf("://");
    if (scheme >= 0) {
      throw invalid(
          text, "a reference has no scheme: leave out '" + rest.substring(0, scheme + 3) + "'");
    }
    String digest = null;
    int at = rest.indexOf('@');
    if (at >= 0) {
      digest = rest.substring(at + 1);
      rest = rest.substring(0, at);
      if (!DIGEST.matcher(digest).matches()) {
        throw invalid(text, "the digest must be sha256: and 64 hex digits (lowercase)");
      }
    }
    String registry = DOCKER_HUB;
    int slash = rest.indexOf('/');
    if (slash > 0) {
      String first = rest.substring(0, slash);
      if (first.contains(".") || first.contains(":") || first.equals("localhost")) {
        if (!HOST.matcher(first).matches()) {
          throw invalid(text, "'" + first + "' is not a registry host[:port]");
        }
        registry = normalizedRegistry(first);
        rest = rest.substring(slash + 1);
      }
    }
    String tag = null;
    int colon = rest.lastIndexOf(':');
    if (colon >= 0) {
      tag = rest.substring(colon + 1);
      rest = rest.substring(0, colon);
      if (!TAG.matcher(tag).matches()) {
        throw invalid(text, "the tag '" + tag + "' must be letters, digits, '_', '.' or '-'");
      }
    }
    if (!REPOSITORY.matcher(rest).matches()) {
      throw invalid(
          text, "the repository '" + rest + "' must be lowercase letters, digits and separators");
    }
    if (registry.equals(DOCKER_HUB) && !rest.contains("/")) {
      rest = "library/" + rest;
    }
    if (tag == null && digest == null) {
      tag = DEFAULT_TAG;
    }
    return new ImageReference(registry, rest, tag, digest);
  }

  /** {@code sha256:} and 64 hex digits, or {@code sha512:} and 128. */
  public static boolean isDigest(String text) {
    return text != null && DIGEST.matcher(text).matches();
  }

  /** Docker Hub's aliases all mean {@code docker.io}; credentials are looked up under it too. */
  static String normalizedRegistry(String host) {
    String lower = host.toLowerCase(Locale.ROOT);
    return switch (lower) {
      case "index.docker.io", "registry-1.docker.io", DOCKER_HUB -> DOCKER_HUB;
      default -> lower;
    };
  }

  private static RegistryException invalid(String text, String why) {
    return new RegistryException(
        RegistryException.Kind.INVALID_REFERENCE,
        "invalid image reference '" + text + "': " + why + "; expected " + FORM);
  }

  /** Pinned to {@code newDigest}; the tag stays for people to read. */
  public ImageReference withDigest(String newDigest) {
    return new ImageReference(registry, repository, tag, newDigest);
  }

  public boolean pinned() {
    return digest != null;
  }

  /** The tag or digest the registry's manifest endpoint is asked for: the digest when pinned. */
  String manifestReference() {
    return pinned() ? digest : tag;
  }

  /** {@code registry/repository@digest}: what a pull that must not follow tags names. */
  public String pinnedName() {
    if (!pinned()) {
      throw new IllegalStateException(this + " is not pinned to a digest");
    }
    return registry + "/" + repository + "@" + digest;
  }

  /** The canonical form: {@code registry/repository[:tag][@digest]}. */
  @Override
  public String toString() {
    return registry
        + "/"
        + repository
        + (tag == null ? "" : ":" + tag)
        + (digest == null ? "" : "@" + digest);
  }
}
