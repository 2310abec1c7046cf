package io.dbmigrate.reconcile;

import io.dbmigrate.api.DatabaseMigration;
import io.dbmigrate.api.DatabaseMigrationStatus;
import io.dbmigrate.api.ImageSource;
import io.dbmigrate.api.PullSecretRef;
import io.dbmigrate.api.ResolvedSource;
import io.dbmigrate.api.SeedSpec;
import io.dbmigrate.config.DurationRange;
import io.dbmigrate.db.Redactor;
import io.dbmigrate.registry.DockerConfig;
import io.dbmigrate.registry.ImageReference;
import io.dbmigrate.registry.ImageRegistry;
import io.dbmigrate.registry.RegistryCredentials;
import io.dbmigrate.registry.RegistryException;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Pins {@code spec.migrations.image} and each {@code spec.seeds[].image} to a digest, each on its
 * own refresh interval. The registry is asked (a HEAD, with the pull Secrets' credentials) once per
 * refresh interval per resource and image, and at once when the spec names another reference; in
 * between, a reconcile reads neither the registry nor the pull Secrets. A reference by digest is
 * never looked up. A registry that cannot be reached leaves the last digest (remembered, or from
 * the status after a restart) in force and says so; one that refuses is an input to fix.
 *
 * <p>The answers are remembered by namespace/name and source; an entry of a deleted resource stays
 * until the operator restarts (a few dozen bytes each).
 */
final class ImagePins {
  static final String SECRET_KEY = ".dockerconfigjson";
  static final DurationRange REFRESH =
      DurationRange.between(Duration.ofSeconds(1), Duration.ofHours(24));

  static final String REASON_NOT_FOUND = "ImageNotFound";
  static final String REASON_UNAUTHORIZED = "RegistryUnauthorized";
  static final String REASON_UNAVAILABLE = "RegistryUnavailable";
  static final String REASON_PULL_SECRET = "PullSecretInvalid";
  static final String REASON_UNUSABLE = "ImageUnusable";

  /** The reasons of a lookup that gave no digest. */
  static final Set<String> REGISTRY_REASONS =
      Set.of(
          REASON_NOT_FOUND,
          REASON_UNAUTHORIZED,
          REASON_UNAVAILABLE,
          REASON_PULL_SECRET,
          REASON_UNUSABLE);

  static final String MIGRATIONS_FIELD = "spec.migrations.image";
  private static final String KEY_SEPARATOR = "#";

  private final ImageRegistry registry;
  private final Clock clock;
  private final Map<String, Answer> answers = new ConcurrentHashMap<>();

  ImagePins(ImageRegistry registry, Clock clock) {
    this.registry = registry;
    this.clock = clock;
  }

  /** The resource's image sources, pinned: the migrations' and each seed's that names an image. */
  PinnedImages pin(KubernetesClient client, DatabaseMigration resource)
      throws InvalidInputException {
    String id = Decider.id(resource);
    List<PinnedImage> pinned = new ArrayList<>();
    ImageSource migrations = resource.getSpec().getMigrations().getImage();
    if (migrations != null) {
      pinned.add(
          pin(
              client,
              resource,
              new Source(PinnedImage.MIGRATIONS, MIGRATIONS_FIELD, ImageSource.DEFAULT_PATH),
              migrations));
    }
    List<SeedSpec> seeds =
        Objects.requireNonNullElse(resource.getSpec().getSeeds(), List.<SeedSpec>of());
    for (int i = 0; i < seeds.size(); i++) {
      SeedSpec seed = seeds.get(i);
      if (seed.getImage() != null) {
        Source source =
            new Source(
                PinnedImage.seed(seed.getName()), seedField(i), ImageSource.DEFAULT_SEED_PATH);
        pinned.add(pin(client, resource, source, seed.getImage()));
      }
    }
    Set<String> keys = new HashSet<>();
    pinned.forEach(image -> keys.add(key(id, image.source())));
    // Sources the spec no longer names are forgotten.
    answers.keySet().removeIf(key -> key.startsWith(id + KEY_SEPARATOR) && !keys.contains(key));
    return new PinnedImages(pinned);
  }

  /** The spec field of the seed at {@code index}'s image. */
  static String seedField(int index) {
    return "spec.seeds[" + index + "].image";
  }

  /** What an image is for: its name in {@code status.sources}, its spec field, its default path. */
  private record Source(String name, String field, String defaultPath) {}

  private static String key(String id, String source) {
    return id + KEY_SEPARATOR + source;
  }

  private PinnedImage pin(
      KubernetesClient client, DatabaseMigration resource, Source source, ImageSource spec)
      throws InvalidInputException {
    ImageReference reference = reference(spec, source.field());
    String path = Objects.requireNonNullElse(spec.getPath(), source.defaultPath());
    List<String> secrets =
        spec.getPullSecrets() == null
            ? List.of()
            : spec.getPullSecrets().stream().map(PullSecretRef::getName).toList();
    Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
    Optional<ResolvedSource> stored =
        storedSource(resource.getStatus(), source.name(), spec.getReference());
    if (reference.pinned()) {
      return new PinnedImage(
          source.name(),
          source.field(),
          spec.getReference(),
          reference,
          path,
          secrets,
          resolvedAt(stored, reference.digest(), now),
          Optional.empty(),
          now,
          Optional.empty());
    }
    Duration refresh = refresh(spec, source.field());
    String key = key(Decider.id(resource), source.name());
    Answer last = answers.get(key);
    if (last != null && !last.reference().equals(spec.getReference())) {
      last = null; // the spec names another image now: look it up at once
    }
    if (last != null && now.isBefore(last.at().plus(refresh))) {
      return pinned(
          source, spec, reference, path, secrets, last, stored, refresh, Optional.empty());
    }
    String namespace = resource.getMetadata().getNamespace();
    DockerConfig config = pullSecrets(client, namespace, secrets, source.field());
    try {
      Optional<RegistryCredentials> credentials = config.credentialsFor(reference.registry());
      credentials.ifPresent(c -> Redactor.process().remember(c.password()));
      Answer answer =
          new Answer(
              spec.getReference(), registry.resolve(reference, credentials.orElse(null)), now);
      answers.put(key, answer);
      return pinned(
          source, spec, reference, path, secrets, answer, stored, refresh, Optional.empty());
    } catch (RegistryException e) {
      Optional<Answer> known =
          Optional.ofNullable(last)
              .or(
                  () ->
                      stored.map(s -> new Answer(s.getReference(), s.getDigest(), Instant.EPOCH)));
      if (e.kind() == RegistryException.Kind.UNREACHABLE && known.isPresent()) {
        String kept =
            source.field()
                + ": "
                + e.getMessage()
                + "; the last resolved digest "
                + known.get().digest()
                + " stays in force";
        return pinned(
            source,
            spec,
            reference,
            path,
            secrets,
            known.get(),
            stored,
            refresh,
            Optional.of(kept));
      }
      throw refused(e, source.field());
    }
  }

  /** The registry's last answer for a resource: the digest its reference stood for, and when. */
  private record Answer(String reference, String digest, Instant at) {}

  private static PinnedImage pinned(
      Source source,
      ImageSource spec,
      ImageReference reference,
      String path,
      List<String> secrets,
      Answer answer,
      Optional<ResolvedSource> stored,
      Duration refresh,
      Optional<String> unavailable) {
    return new PinnedImage(
        source.name(),
        source.field(),
        spec.getReference(),
        reference.withDigest(answer.digest()),
        path,
        secrets,
        resolvedAt(stored, answer.digest(), answer.at()),
        Optional.of(refresh),
        answer.at(),
        unavailable);
  }

  /** When the status first recorded this digest for this reference; else {@code now}. */
  private static Instant resolvedAt(Optional<ResolvedSource> stored, String digest, Instant now) {
    return stored
        .filter(source -> digest.equals(source.getDigest()))
        .map(source -> Instant.parse(source.getResolvedAt()))
        .orElse(now);
  }

  private static InvalidInputException refused(RegistryException e, String field) {
    String message = field + ": " + e.getMessage();
    return switch (e.kind()) {
      case NOT_FOUND -> new InvalidInputException(REASON_NOT_FOUND, message);
      case UNAUTHORIZED -> new InvalidInputException(REASON_UNAUTHORIZED, message);
      case UNREACHABLE ->
          new InvalidInputException(
              REASON_UNAVAILABLE,
              message + "; no digest has been resolved yet, so no Job runs until it answers");
      case INVALID_CREDENTIALS_FILE -> new InvalidInputException(REASON_PULL_SECRET, message);
      default -> new InvalidInputException(REASON_UNUSABLE, message);
    };
  }

  private static ImageReference reference(ImageSource spec, String field)
      throws InvalidInputException {
    try {
      return ImageReference.parse(spec.getReference());
    } catch (RegistryException e) {
      throw new InvalidInputException("InvalidSpec", field + ".reference: " + e.getMessage());
    }
  }

  static Duration refresh(ImageSource spec, String field) throws InvalidInputException {
    String text =
        Objects.requireNonNullElse(spec.getRefreshInterval(), ImageSource.DEFAULT_REFRESH_INTERVAL);
    try {
      return REFRESH.parse(text);
    } catch (IllegalArgumentException e) {
      throw new InvalidInputException("InvalidSpec", field + ".refreshInterval: " + e.getMessage());
    }
  }

  /** The digest the status holds for this source and this very reference, if any. */
  private static Optional<ResolvedSource> storedSource(
      DatabaseMigrationStatus status, String name, String reference) {
    if (status == null || status.getSources() == null) {
      return Optional.empty();
    }
    return status.getSources().stream()
        .filter(source -> name.equals(source.getName()))
        .filter(source -> reference.equals(source.getReference()))
        .filter(source -> ImageReference.isDigest(source.getDigest()))
        .filter(source -> parsable(source.getResolvedAt()))
        .findFirst();
  }

  private static boolean parsable(String instant) {
    try {
      Instant.parse(instant);
      return true;
    } catch (DateTimeParseException | NullPointerException e) {
      return false;
    }
  }

  /** The named pull Secrets' Docker configs, in order; read only when the registry is asked. */
  private static DockerConfig pullSecrets(
      KubernetesClient client, String namespace, List<String> names, String imageField)
      throws InvalidInputException {
    List<DockerConfig> configs = new ArrayList<>();
    for (int i = 0; i < names.size(); i++) {
      String name = names.get(i);
      String field = imageField + ".pullSecrets[" + i + "]";
      Secret secret = client.secrets().inNamespace(namespace).withName(name).get();
      if (secret == null) {
        throw new InvalidInputException(
            "SecretNotFound",
            "Secret " + name + " (" + field + ") not found in namespace " + namespace);
      }
      String json = dockerConfigJson(secret);
      if (json == null) {
        throw new InvalidInputException(
            REASON_PULL_SECRET,
            "Secret "
                + name
                + " ("
                + field
                + ") has no "
                + SECRET_KEY
                + " key: create it with kubectl create secret docker-registry");
      }
      configs.add(DockerConfig.of("pull Secret " + name, json));
    }
    return DockerConfig.anyOf(configs);
  }

  private static String dockerConfigJson(Secret secret) {
    if (secret.getStringData() != null && secret.getStringData().get(SECRET_KEY) != null) {
      return secret.getStringData().get(SECRET_KEY);
    }
    String encoded = secret.getData() == null ? null : secret.getData().get(SECRET_KEY);
    if (encoded == null) {
      return null;
    }
    try {
      return new String(Base64.getDecoder().decode(encoded), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException notBase64) {
      return "not base64"; // read as a config, it is refused as not JSON, naming the Secret
    }
  }
}
