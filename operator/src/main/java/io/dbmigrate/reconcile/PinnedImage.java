package io.dbmigrate.reconcile;

import io.dbmigrate.registry.ImageReference;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * An image source (the migrations' or a seed's) as this reconcile runs it: the spec's reference
 * pinned to a digest. Jobs name {@link #pinned()}'s digest, never the tag.
 *
 * @param source what the image is for, as {@code status.sources} names it: {@value #MIGRATIONS} or
 *     {@code seed/<name>}
 * @param field the spec field it comes from, for messages
 * @param reference the reference as the spec writes it
 * @param pinned that reference with the digest it stands for
 * @param path the directory in the image
 * @param pullSecrets the pull Secrets the spec names, in order
 * @param resolvedAt when this digest was first seen for this reference: it moves only when the
 *     digest does, so a refresh that finds the same digest writes no status
 * @param refreshAfter how long an answer holds before the tag is resolved again; empty for a
 *     reference by digest, which never changes
 * @param checkedAt when the registry last answered for this reference
 * @param unavailable why the registry could not be asked just now, when the last digest was kept
 */
record PinnedImage(
    String source,
    String field,
    String reference,
    ImageReference pinned,
    String path,
    List<String> pullSecrets,
    Instant resolvedAt,
    Optional<Duration> refreshAfter,
    Instant checkedAt,
    Optional<String> unavailable) {

  /** What {@code status.sources} calls the migrations' image. */
  static final String MIGRATIONS = "migrations";

  /** What {@code status.sources} calls a seed's image. */
  static String seed(String name) {
    return "seed/" + name;
  }

  /** How soon a registry that could not be asked is tried again, at most. */
  static final Duration UNAVAILABLE_RETRY = Duration.ofSeconds(30);

  /** The image by its digest alone, as a Job names it: {@code registry/repository@digest}. */
  ImageReference byDigest() {
    return new ImageReference(pinned.registry(), pinned.repository(), null, pinned.digest());
  }

  /** When to look at the registry again: at the refresh, sooner when it could not be asked. */
  Optional<Duration> recheck(Instant now) {
    if (refreshAfter.isEmpty()) {
      return Optional.empty();
    }
    if (unavailable.isPresent()) {
      return Optional.of(min(refreshAfter.get(), UNAVAILABLE_RETRY));
    }
    Duration left = Duration.between(now, checkedAt.plus(refreshAfter.get()));
    return Optional.of(left.isNegative() || left.isZero() ? Duration.ofSeconds(1) : left);
  }

  private static Duration min(Duration a, Duration b) {
    return a.compareTo(b) <= 0 ? a : b;
  }
}
