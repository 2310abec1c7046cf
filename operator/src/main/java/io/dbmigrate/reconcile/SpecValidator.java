package io.dbmigrate.reconcile;

import io.dbmigrate.api.ConfigMapRef;
import io.dbmigrate.api.DatabaseMigrationSpec;
import io.dbmigrate.api.DatabaseSpec;
import io.dbmigrate.api.ImageSource;
import io.dbmigrate.api.JobSpec;
import io.dbmigrate.api.MigrationsSpec;
import io.dbmigrate.api.SecretValueSource;
import io.dbmigrate.config.LockPolicy;
import io.dbmigrate.config.Targets;
import io.dbmigrate.health.HealthTiming;
import java.util.List;

/**
 * Checks the spec itself. The CRD schema already rejects most of this at the API server; the checks
 * are repeated here because not every path goes through that schema (an older CRD, a test server),
 * and a clear condition beats a NullPointerException.
 */
final class SpecValidator {
  private SpecValidator() {}

  static void validate(DatabaseMigrationSpec spec) throws InvalidInputException {
    if (spec == null) {
      throw invalid("spec is missing");
    }
    if (spec.getDatabase() == null) {
      throw invalid("spec.database is required");
    }
    String engine = spec.getDatabase().getEngine();
    if (engine != null
        && !List.of(DatabaseSpec.POSTGRESQL, DatabaseSpec.MYSQL, DatabaseSpec.MARIADB)
            .contains(engine)) {
      throw invalid(
          "spec.database.engine must be postgresql, mysql or mariadb (or left out: the URL says),"
              + " not "
              + engine);
    }
    requireSecretRef(spec.getDatabase().getUrlFrom(), "spec.database.urlFrom", true);
    requireSecretRef(spec.getDatabase().getUsernameFrom(), "spec.database.usernameFrom", false);
    requireSecretRef(spec.getDatabase().getPasswordFrom(), "spec.database.passwordFrom", false);
    validateSources(spec);
    String target = spec.getMigrations().getTarget();
    if (target != null && !Targets.isValid(target)) {
      throw invalid(
          "spec.migrations.target must be latest or a version like 3 or 1.2, not " + target);
    }
    try {
      lockPolicy(spec);
      HealthTiming.of(spec.getHealth());
    } catch (IllegalArgumentException e) {
      throw invalid(e.getMessage());
    }
    validateSeeds(spec);
    if (spec.getBackup() != null
        && Boolean.TRUE.equals(spec.getBackup().getEnabled())
        && isBlank(spec.getBackup().getVolumeClaimName())) {
      throw invalid("spec.backup.volumeClaimName is required when spec.backup.enabled is true");
    }
    if (spec.getJob() != null) {
      Long deadline = spec.getJob().getActiveDeadlineSeconds();
      if (deadline != null && deadline < 1) {
        throw invalid("spec.job.activeDeadlineSeconds must be at least 1");
      }
      Integer backoff = spec.getJob().getBackoffLimit();
      if (backoff != null && backoff < 0) {
        throw invalid("spec.job.backoffLimit must not be negative");
      }
      String imageSource = spec.getJob().getImageSource();
      if (imageSource != null
          && !List.of(JobSpec.IMAGE_SOURCE_PULL, JobSpec.IMAGE_SOURCE_VOLUME)
              .contains(imageSource)) {
        throw invalid("spec.job.imageSource must be pull or volume, not " + imageSource);
      }
    }
  }

  /**
   * Exactly one source of migrations: ConfigMaps or an image. Both together would leave open which
   * file wins when a version is in both, and the image's digest would no longer say what ran.
   */
  private static void validateSources(DatabaseMigrationSpec spec) throws InvalidInputException {
    MigrationsSpec migrations = spec.getMigrations();
    boolean configMaps =
        migrations != null
            && migrations.getConfigMaps() != null
            && !migrations.getConfigMaps().isEmpty();
    ImageSource image = migrations == null ? null : migrations.getImage();
    if (configMaps && image != null) {
      throw invalid(
          "spec.migrations has both configMaps and image: name one source of migrations (put the"
              + " ConfigMaps' files into the image, or leave the image out)");
    }
    if (!configMaps && image == null) {
      throw invalid(
          "spec.migrations needs configMaps (at least one ConfigMap) or image (an image reference)");
    }
    if (configMaps) {
      for (ConfigMapRef ref : migrations.getConfigMaps()) {
        if (ref == null || isBlank(ref.getName())) {
          throw invalid("every entry of spec.migrations.configMaps needs a name");
        }
      }
      return;
    }
    validateImage(image, ImagePins.MIGRATIONS_FIELD, ImageSource.DEFAULT_PATH);
  }

  /** An image source, the migrations' or a seed's, at {@code field}. */
  private static void validateImage(ImageSource image, String field, String examplePath)
      throws InvalidInputException {
    if (isBlank(image.getReference())) {
      throw invalid(field + ".reference is required");
    }
    if (image.getPath() != null && !image.getPath().startsWith("/")) {
      throw invalid(
          field
              + ".path must be an absolute directory like "
              + examplePath
              + ", not "
              + image.getPath());
    }
    if (image.getPullSecrets() != null
        && image.getPullSecrets().stream().anyMatch(ref -> ref == null || isBlank(ref.getName()))) {
      throw invalid("every entry of " + field + ".pullSecrets needs a name");
    }
    ImagePins.refresh(image, field);
  }

  /** The migrations' lock settings with defaults; throws naming the field. */
  static LockPolicy lockPolicy(DatabaseMigrationSpec spec) {
    var migrations = spec.getMigrations();
    return LockPolicy.of(
        migrations.getLockTimeout(),
        migrations.getLockRetries(),
        migrations.getStatementTimeout(),
        "spec.migrations.");
  }

  private static void validateSeeds(DatabaseMigrationSpec spec) throws InvalidInputException {
    if (spec.getSeeds() == null) {
      return;
    }
    java.util.Set<String> names = new java.util.HashSet<>();
    for (int i = 0; i < spec.getSeeds().size(); i++) {
      var seed = spec.getSeeds().get(i);
      String field = "spec.seeds[" + i + "]";
      if (seed == null
          || isBlank(seed.getName())
          || !seed.getName().matches("[a-z0-9]([-a-z0-9]*[a-z0-9])?")) {
        throw invalid(field + ".name must be a lower-case name like reference-data");
      }
      if (isBlank(seed.getConfigMap()) == (seed.getImage() == null)) {
        throw invalid(
            field
                + " needs exactly one of configMap and image: the seed's .sql files come from a"
                + " ConfigMap or from a directory in an image");
      }
      if (seed.getImage() != null) {
        validateImage(seed.getImage(), ImagePins.seedField(i), ImageSource.DEFAULT_SEED_PATH);
      }
      if (!names.add(seed.getName())) {
        throw invalid("seed " + seed.getName() + " is listed twice in spec.seeds");
      }
      if (seed.getEnvironments() != null
          && seed.getEnvironments().stream().anyMatch(SpecValidator::isBlank)) {
        throw invalid(field + ".environments must not contain empty names");
      }
    }
  }

  private static void requireSecretRef(SecretValueSource source, String field, boolean required)
      throws InvalidInputException {
    if (source == null) {
      if (required) {
        throw invalid(field + ".secretKeyRef is required");
      }
      return;
    }
    if (source.getSecretKeyRef() == null
        || isBlank(source.getSecretKeyRef().getName())
        || isBlank(source.getSecretKeyRef().getKey())) {
      throw invalid(field + ".secretKeyRef needs a name and a key");
    }
  }

  private static boolean isBlank(String value) {
    return value == null || value.isBlank();
  }

  private static InvalidInputException invalid(String message) {
    return new InvalidInputException("InvalidSpec", message);
  }
}
