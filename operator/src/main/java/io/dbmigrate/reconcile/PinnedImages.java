package io.dbmigrate.reconcile;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Every image source of a resource as pinned by this reconcile: the migrations' first, then the
 * seeds' in spec order. Empty when everything comes from ConfigMaps.
 */
record PinnedImages(List<PinnedImage> all) {
  static final PinnedImages NONE = new PinnedImages(List.of());

  PinnedImages {
    all = List.copyOf(all);
  }

  boolean isEmpty() {
    return all.isEmpty();
  }

  /** The migrations' image, or null when they come from ConfigMaps. */
  PinnedImage migrations() {
    return find(PinnedImage.MIGRATIONS);
  }

  /** The image of the seed with this name, or null when it comes from a ConfigMap. */
  PinnedImage seed(String name) {
    return find(PinnedImage.seed(name));
  }

  /** The images whose registry could not be asked just now (their last digest is kept). */
  List<PinnedImage> unavailable() {
    return all.stream().filter(image -> image.unavailable().isPresent()).toList();
  }

  /**
   * The pull Secrets of all images, the migrations' first, each once: a pod has one list of
   * imagePullSecrets, and the runner one list of Docker configs, for all its images.
   */
  List<String> pullSecrets() {
    Set<String> names = new LinkedHashSet<>();
    all.forEach(image -> names.addAll(image.pullSecrets()));
    return List.copyOf(names);
  }

  /** When the first of the images is due to be looked up again; empty when all are digests. */
  Optional<Duration> recheck(Instant now) {
    return all.stream()
        .map(image -> image.recheck(now))
        .flatMap(Optional::stream)
        .min(Duration::compareTo);
  }

  private PinnedImage find(String source) {
    return all.stream().filter(image -> image.source().equals(source)).findFirst().orElse(null);
  }
}
