package io.dbmigrate.reconcile;

import io.dbmigrate.api.BackupSpec;
import io.dbmigrate.api.ConfigMapKeyRef;
import io.dbmigrate.api.ConfigMapRef;
import io.dbmigrate.api.DatabaseMigration;
import io.dbmigrate.api.DatabaseMigrationSpec;
import io.dbmigrate.api.DatabaseSpec;
import io.dbmigrate.api.FlywaySpec;
import io.dbmigrate.api.PlaceholderSource;
import io.dbmigrate.api.SecretKeyRef;
import io.dbmigrate.api.SecretValueSource;
import io.dbmigrate.api.SeedSpec;
import io.dbmigrate.config.FlywaySettings;
import io.dbmigrate.config.MigrationFileNames;
import io.dbmigrate.db.ConnectionSettings;
import io.dbmigrate.db.DatabaseEngine;
import io.dbmigrate.db.Redactor;
import io.dbmigrate.reconcile.MigrationInputs.FlywayInputs;
import io.dbmigrate.reconcile.MigrationInputs.MigrationSource;
import io.dbmigrate.reconcile.MigrationInputs.SeedFiles;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Secret;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Reads and checks what a resource refers to: its Secret keys and its migration ConfigMaps.
 * Everything a user can get wrong is reported as an {@link InvalidInputException} naming the field
 * and the object, so the resource stalls with a clear message instead of a failing Job.
 */
final class InputResolver {
  private final InputReads.Reader reads;

  InputResolver(InputReads.Reader reads) {
    this.reads = reads;
  }

  MigrationInputs resolve(DatabaseMigration resource) throws InvalidInputException {
    DatabaseMigrationSpec spec = resource.getSpec();
    SpecValidator.validate(spec);
    String namespace = resource.getMetadata().getNamespace();

    String url = secretValue(namespace, spec.getDatabase().getUrlFrom(), "spec.database.urlFrom");
    Optional<String> username =
        optionalSecretValue(
            namespace, spec.getDatabase().getUsernameFrom(), "spec.database.usernameFrom");
    Optional<String> password =
        optionalSecretValue(
            namespace, spec.getDatabase().getPasswordFrom(), "spec.database.passwordFrom");
    ConnectionSettings connection =
        connectionSettings(
            spec.getDatabase().getUrlFrom().getSecretKeyRef(),
            url,
            username.orElse(null),
            password.orElse(null));
    checkEngine(spec, spec.getDatabase().getUrlFrom().getSecretKeyRef(), connection.engine());

    FlywayInputs flyway = flywayInputs(namespace, spec.getFlyway());
    MigrationFileNames names = flyway.settings().fileNames();
    List<MigrationSource> sources = new ArrayList<>();
    Map<String, String> fileOwners = new HashMap<>();
    List<ConfigMapRef> refs =
        spec.getMigrations().getConfigMaps() == null
            ? List.of()
            : spec.getMigrations().getConfigMaps();
    for (int i = 0; i < refs.size(); i++) {
      String field = "spec.migrations.configMaps[" + i + "]";
      MigrationSource source = migrationSource(namespace, refs.get(i).getName(), field, names);
      for (String file : source.files().keySet()) {
        String version = names.versionOf(file);
        String earlier = fileOwners.putIfAbsent(version, source.configMapName() + "/" + file);
        if (earlier != null) {
          String what = names.isRepeatable(file) ? "repeatable migration " : "migration version ";
          throw new InvalidInputException(
              "DuplicateMigration",
              what
                  + version
                  + " is defined twice: "
                  + earlier
                  + " and "
                  + source.configMapName()
                  + "/"
                  + file
                  + "; give each migration its own version");
        }
      }
      sources.add(source);
    }
    List<SeedFiles> seeds = new ArrayList<>();
    List<SeedSpec> seedSpecs = spec.getSeeds() == null ? List.of() : spec.getSeeds();
    for (int i = 0; i < seedSpecs.size(); i++) {
      SeedSpec seed = seedSpecs.get(i);
      if (seed.getImage() != null) {
        continue; // its files are the image's, pinned by digest (ImagePins)
      }
      String field = "spec.seeds[" + i + "].configMap";
      seeds.add(
          new SeedFiles(seed.getName(), seed.getConfigMap(), seedFiles(namespace, seed, field)));
    }
    checkBackupVolume(namespace, spec.getBackup());
    return new MigrationInputs(
        List.copyOf(sources), List.copyOf(seeds), InputDigest.sha256(url), connection, flyway);
  }

  private TreeMap<String, String> seedFiles(String namespace, SeedSpec seed, String field)
      throws InvalidInputException {
    ConfigMap configMap = reads.configMap(namespace, seed.getConfigMap());
    if (configMap == null) {
      throw new InvalidInputException(
          "ConfigMapNotFound",
          "ConfigMap "
              + seed.getConfigMap()
              + " ("
              + field
              + ") not found in namespace "
              + namespace);
    }
    TreeMap<String, String> files = new TreeMap<>();
    Map<String, String> data = configMap.getData() == null ? Map.of() : configMap.getData();
    data.forEach(
        (file, content) -> {
          if (file.toLowerCase().endsWith(".sql")) {
            files.put(file, content);
          }
        });
    if (files.isEmpty()) {
      throw new InvalidInputException(
          "NoSeedFiles",
          "ConfigMap "
              + seed.getConfigMap()
              + " ("
              + field
              + ") of seed "
              + seed.getName()
              + " has no .sql files; they are applied in file-name order, e.g. 01-currencies.sql");
    }
    return files;
  }

  /** A missing claim would leave the Job's pod pending until its deadline: say so now. */
  private void checkBackupVolume(String namespace, BackupSpec backup) throws InvalidInputException {
    if (backup == null || !Boolean.TRUE.equals(backup.getEnabled())) {
      return;
    }
    String claim = backup.getVolumeClaimName();
    if (!reads.claimExists(namespace, claim)) {
      throw new InvalidInputException(
          "PersistentVolumeClaimNotFound",
          "PersistentVolumeClaim "
              + claim
              + " (spec.backup.volumeClaimName) not found in namespace "
              + namespace);
    }
  }

  private String secretValue(String namespace, SecretValueSource source, String field)
      throws InvalidInputException {
    SecretKeyRef ref = source.getSecretKeyRef();
    Secret secret = reads.secret(namespace, ref.getName());
    if (secret == null) {
      throw new InvalidInputException(
          "SecretNotFound",
          "Secret " + ref.getName() + " (" + field + ") not found in namespace " + namespace);
    }
    String encoded = secret.getData() == null ? null : secret.getData().get(ref.getKey());
    if (encoded == null && secret.getStringData() != null) {
      return requireValue(secret.getStringData().get(ref.getKey()), ref, field);
    }
    String value;
    try {
      value =
          encoded == null
              ? null
              : new String(Base64.getDecoder().decode(encoded), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException notBase64) {
      throw new InvalidInputException(
          "SecretValueInvalid",
          "Secret "
              + ref.getName()
              + " key "
              + ref.getKey()
              + " ("
              + field
              + ") is not valid base64;"
              + " write the value under stringData, or encode it with base64 -w0");
    }
    return requireValue(value, ref, field);
  }

  private static String requireValue(String value, SecretKeyRef ref, String field)
      throws InvalidInputException {
    if (value == null || value.isBlank()) {
      throw new InvalidInputException(
          "SecretKeyNotFound",
          "Secret "
              + ref.getName()
              + " has no value under key "
              + ref.getKey()
              + " ("
              + field
              + ")");
    }
    return value.strip();
  }

  private Optional<String> optionalSecretValue(
      String namespace, SecretValueSource source, String field) throws InvalidInputException {
    return source == null ? Optional.empty() : Optional.of(secretValue(namespace, source, field));
  }

  private static ConnectionSettings connectionSettings(
      SecretKeyRef ref, String url, String username, String password) throws InvalidInputException {
    try {
      return ConnectionSettings.resolve(url, username, password);
    } catch (IllegalArgumentException e) {
      // The parser's message never repeats the URL, which may hold a password.
      throw new InvalidInputException(
          "InvalidDatabaseUrl",
          "Secret " + ref.getName() + " key " + ref.getKey() + ": " + e.getMessage());
    }
  }

  /**
   * The engine the spec names must be the URL's (MySQL and MariaDB are one family: a mysql:// URL
   * may point at MariaDB).
   */
  private static void checkEngine(DatabaseMigrationSpec spec, SecretKeyRef ref, DatabaseEngine url)
      throws InvalidInputException {
    String named = spec.getDatabase().getEngine();
    boolean namedPostgres = named == null || DatabaseSpec.POSTGRESQL.equals(named);
    if (named != null && namedPostgres == url.isMySqlFamily()) {
      throw new InvalidInputException(
          "InvalidSpec",
          "spec.database.engine is "
              + named
              + " but the URL in Secret "
              + ref.getName()
              + " key "
              + ref.getKey()
              + " is a "
              + url.displayName()
              + " URL: name the engine the URL points at, or leave spec.database.engine out");
    }
  }

  /**
   * The spec's Flyway settings, checked together with the placeholders read from ConfigMaps and
   * Secrets. A Secret's value is remembered for masking; neither kind is kept in the settings the
   * Job's arguments are made of: the Job reads them from their ConfigMap or Secret itself.
   */
  private FlywayInputs flywayInputs(String namespace, FlywaySpec spec)
      throws InvalidInputException {
    if (spec == null) {
      return FlywayInputs.NONE;
    }
    Map<String, String> sourced = new TreeMap<>();
    List<PlaceholderSource> from =
        spec.getPlaceholdersFrom() == null ? List.of() : spec.getPlaceholdersFrom();
    for (int i = 0; i < from.size(); i++) {
      PlaceholderSource source = from.get(i);
      String field = "spec.flyway.placeholdersFrom[" + i + "]";
      if (source == null
          || source.getName() == null
          || source.getName().isBlank()
          || (source.getConfigMapKeyRef() == null) == (source.getSecretKeyRef() == null)) {
        throw new InvalidInputException(
            "InvalidSpec",
            field + " needs a name and exactly one of configMapKeyRef and secretKeyRef");
      }
      String value;
      if (source.getSecretKeyRef() != null) {
        SecretKeyRef ref = source.getSecretKeyRef();
        value = secretValue(namespace, new SecretValueSource(ref.getName(), ref.getKey()), field);
        Redactor.process().remember(value);
      } else {
        value = configMapValue(namespace, source.getConfigMapKeyRef(), field);
      }
      if (sourced.put(FlywaySettings.PLACEHOLDERS + source.getName(), value) != null) {
        throw new InvalidInputException(
            "InvalidSpec", field + " names placeholder " + source.getName() + " a second time");
      }
    }
    Map<String, String> inline = spec.settings();
    for (String key : sourced.keySet()) {
      if (inline.containsKey(key)) {
        throw new InvalidInputException(
            "InvalidSpec",
            "placeholder "
                + key.substring(FlywaySettings.PLACEHOLDERS.length())
                + " is set in both spec.flyway.placeholders and spec.flyway.placeholdersFrom");
      }
    }
    try {
      Map<String, String> all = new TreeMap<>(inline);
      all.putAll(sourced);
      FlywaySettings.of(all);
      return new FlywayInputs(
          FlywaySettings.of(inline), from, InputDigest.sha256(sourced.toString()));
    } catch (IllegalArgumentException e) {
      throw new InvalidInputException("InvalidSpec", "spec.flyway: " + e.getMessage());
    }
  }

  private String configMapValue(String namespace, ConfigMapKeyRef ref, String field)
      throws InvalidInputException {
    ConfigMap configMap = reads.configMap(namespace, ref.getName());
    if (configMap == null) {
      throw new InvalidInputException(
          "ConfigMapNotFound",
          "ConfigMap " + ref.getName() + " (" + field + ") not found in namespace " + namespace);
    }
    String value = configMap.getData() == null ? null : configMap.getData().get(ref.getKey());
    if (value == null) {
      throw new InvalidInputException(
          "ConfigMapKeyNotFound",
          "ConfigMap " + ref.getName() + " has no key " + ref.getKey() + " (" + field + ")");
    }
    return value;
  }

  private MigrationSource migrationSource(
      String namespace, String name, String field, MigrationFileNames names)
      throws InvalidInputException {
    ConfigMap configMap = reads.configMap(namespace, name);
    if (configMap == null) {
      throw new InvalidInputException(
          "ConfigMapNotFound",
          "ConfigMap " + name + " (" + field + ") not found in namespace " + namespace);
    }
    TreeMap<String, String> files = new TreeMap<>();
    Map<String, String> data = configMap.getData() == null ? Map.of() : configMap.getData();
    for (Map.Entry<String, String> entry : data.entrySet()) {
      String file = entry.getKey();
      if (!names.hasMigrationSuffix(file)) {
        continue; // other keys (a README, say) are not migrations and are ignored, as Flyway does
      }
      if (!names.isMigration(file)) {
        throw new InvalidInputException(
            "InvalidMigrationName",
            "ConfigMap "
                + name
                + " key "
                + file
                + " is not a migration file name: "
                + (names.equals(MigrationFileNames.DEFAULT)
                    ? "use V<version>__<description>.sql (e.g. V1__init.sql) or"
                        + " R__<description>.sql for repeatable migrations"
                    : "use " + names.naming() + " (spec.flyway)"));
      }
      files.put(file, entry.getValue());
    }
    if (files.isEmpty()) {
      throw new InvalidInputException(
          "NoMigrations",
          "ConfigMap "
              + name
              + " ("
              + field
              + ") has no migration files: expected keys like V1__init.sql or R__views.sql");
    }
    return new MigrationSource(name, files);
  }
}
