package io.dbmigrate.reconcile;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.dbmigrate.api.DatabaseMigrationSpec;
import io.dbmigrate.api.ImageSource;
import io.dbmigrate.api.JobSpec;
import io.dbmigrate.api.MigrationsSpec;
import io.dbmigrate.api.SeedSpec;
import io.dbmigrate.reconcile.MigrationInputs.MigrationSource;
import io.dbmigrate.reconcile.MigrationInputs.SeedFiles;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The identity of one run: a SHA-256 over the migration-relevant spec, the migration and seed
 * files, the images' digests, the database URL's fingerprint and the runner image. Same digest,
 * same Job name: a restart or a second replica can never run the same input twice, and any change
 * runs again.
 */
final class InputDigest {
  private static final ObjectMapper CANONICAL =
      JsonMapper.builder()
          .enable(MapperFeature.SORT_PROPERTIES_ALPHABETICALLY)
          .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
          .build();

  private InputDigest() {}

  static String of(DatabaseMigrationSpec spec, MigrationInputs inputs, String runnerImage) {
    StringBuilder canonical = new StringBuilder();
    line(canonical, "database", json(spec.getDatabase()));
    line(canonical, "environment", spec.getEnvironment());
    line(canonical, "migrations", json(migrationSettings(spec.getMigrations())));
    line(canonical, "job", json(runSettings(spec.getJob())));
    line(canonical, "seeds", json(seedSettings(spec.getSeeds())));
    line(canonical, "backup", json(spec.getBackup()));
    if (spec.getFlyway() != null) {
      // Only when set, so that resources written before spec.flyway existed keep their digest.
      line(canonical, "flyway", json(spec.getFlyway()));
      line(canonical, "placeholdersFrom", inputs.flyway().sourcedValues());
    }
    line(canonical, "image", runnerImage);
    line(canonical, "url", inputs.databaseUrlFingerprint());
    PinnedImage migrationsImage = inputs.images().migrations();
    if (migrationsImage != null) {
      // The digest, not the tag: a new push to the same tag is a new input, and runs once.
      line(canonical, "migrationsImage", migrationsImage.pinned().pinnedName());
    }
    for (MigrationSource source : inputs.sources()) {
      line(canonical, "configMap", source.configMapName());
      for (Map.Entry<String, String> file : source.files().entrySet()) {
        line(canonical, file.getKey(), sha256(file.getValue()));
      }
    }
    for (SeedFiles seed : inputs.seeds()) {
      line(canonical, "seed", seed.name() + "/" + seed.configMapName());
      for (Map.Entry<String, String> file : seed.files().entrySet()) {
        line(canonical, file.getKey(), sha256(file.getValue()));
      }
    }
    // Only seeds from images add lines, so that other resources keep their digest.
    for (PinnedImage image : inputs.images().all()) {
      if (image != migrationsImage) {
        line(canonical, "seedImage", image.source() + "=" + image.pinned().pinnedName());
      }
    }
    return sha256(canonical.toString());
  }

  /**
   * The migration settings that shape a run: how often a tag is looked up and whose credentials are
   * used do not (the resolved digest is a line of its own).
   */
  private static MigrationsSpec migrationSettings(MigrationsSpec migrations) {
    if (migrations == null || migrations.getImage() == null) {
      return migrations;
    }
    MigrationsSpec copy = CANONICAL.convertValue(migrations, MigrationsSpec.class);
    copy.setImage(imageSettings(copy.getImage(), ImageSource.DEFAULT_PATH));
    return copy;
  }

  /** The seeds as they shape a run; a seed from a ConfigMap is written as it is. */
  private static List<SeedSpec> seedSettings(List<SeedSpec> seeds) {
    if (seeds == null || seeds.stream().allMatch(seed -> seed == null || seed.getImage() == null)) {
      return seeds;
    }
    List<SeedSpec> copy = new ArrayList<>();
    for (SeedSpec seed : seeds) {
      SeedSpec seedCopy = CANONICAL.convertValue(seed, SeedSpec.class);
      if (seedCopy != null && seedCopy.getImage() != null) {
        seedCopy.setImage(imageSettings(seedCopy.getImage(), ImageSource.DEFAULT_SEED_PATH));
      }
      copy.add(seedCopy);
    }
    return copy;
  }

  /**
   * An image source's settings that shape a run: its reference and path (its default written out,
   * the CRD has none). How often a tag is looked up and whose credentials are used do not.
   */
  private static ImageSource imageSettings(ImageSource image, String defaultPath) {
    image.setRefreshInterval(null);
    image.setPullSecrets(null);
    image.setPath(Objects.requireNonNullElse(image.getPath(), defaultPath));
    return image;
  }

  /** The Job settings that shape a run; how many old Jobs are kept does not. */
  private static JobSpec runSettings(JobSpec job) {
    if (job == null) {
      return null;
    }
    JobSpec copy = CANONICAL.convertValue(job, JobSpec.class);
    copy.setHistoryLimit(null);
    return copy;
  }

  static String sha256(String text) {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      return HexFormat.of().formatHex(digest.digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }

  private static void line(StringBuilder out, String key, String value) {
    out.append(key).append('=').append(value).append('\n');
  }

  private static String json(Object value) {
    try {
      return CANONICAL.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }
}
