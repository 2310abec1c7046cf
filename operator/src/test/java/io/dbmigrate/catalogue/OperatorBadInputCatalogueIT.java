package io.dbmigrate.catalogue;

import static org.assertj.core.api.Assertions.assertThat;

import io.dbmigrate.api.BackupSpec;
import io.dbmigrate.api.ConfigMapKeyRef;
import io.dbmigrate.api.DatabaseMigration;
import io.dbmigrate.api.FlywaySpec;
import io.dbmigrate.api.ImageSource;
import io.dbmigrate.api.PlaceholderSource;
import io.dbmigrate.api.PullSecretRef;
import io.dbmigrate.api.SecretKeyRef;
import io.dbmigrate.api.SecretValueSource;
import io.dbmigrate.api.SeedSpec;
import io.dbmigrate.testing.OperatorEnvironment;
import io.dbmigrate.testing.TestRegistry;
import io.dbmigrate.testing.TestResources;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The operator's half of the bad-input catalogue: each resource a user may get wrong stalls in its
 * first reconcile with the exact condition message, a Warning Event, and no Job — nothing runs
 * against the database. docs/troubleshooting.md lists the same rows.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OperatorBadInputCatalogueIT {
  private static final String NS = "shop";

  /** One environment for all cases: the bad inputs are created once, side by side. */
  @RegisterExtension static final OperatorEnvironment environment = new OperatorEnvironment();

  /** {@code {registry}} in references and messages; it wants a password. */
  @RegisterExtension
  static final TestRegistry registry = TestRegistry.withPassword("puller", "catalogue-pw-1234");

  private KubernetesClient client;

  record Case(
      String id,
      String input,
      String reason,
      String message,
      Consumer<DatabaseMigration> change,
      List<String> configMaps) {
    @Override
    public String toString() {
      return id + ": " + input;
    }
  }

  static final List<Case> CASES =
      List.of(
          new Case(
              "op-secret-missing",
              "the URL's Secret does not exist",
              "SecretNotFound",
              "Secret absent (spec.database.urlFrom) not found in namespace shop",
              dm -> dm.getSpec().getDatabase().setUrlFrom(new SecretValueSource("absent", "url")),
              List.of("good")),
          new Case(
              "op-secret-key-missing",
              "the Secret has no such key",
              "SecretKeyNotFound",
              "Secret db has no value under key username (spec.database.usernameFrom)",
              dm ->
                  dm.getSpec()
                      .getDatabase()
                      .setUsernameFrom(new SecretValueSource("db", "username")),
              List.of("good")),
          new Case(
              "op-secret-not-base64",
              "a Secret value that is not base64",
              "SecretValueInvalid",
              "Secret not-base64 key url (spec.database.urlFrom) is not valid base64; write the value under stringData,"
                  + " or encode it with base64 -w0",
              dm ->
                  dm.getSpec().getDatabase().setUrlFrom(new SecretValueSource("not-base64", "url")),
              List.of("good")),
          new Case(
              "op-url-slash",
              "an unencoded '/' in the Secret's URL password",
              "InvalidDatabaseUrl",
              "Secret slash key url: database URL postgres://****@127.0.0.1:5432/shop is ambiguous: its user name or"
                  + " password contains '/'; percent-encode it as %2F (and '@' as %40, ':' in the user name as %3A)",
              dm -> dm.getSpec().getDatabase().setUrlFrom(new SecretValueSource("slash", "url")),
              List.of("good")),
          new Case(
              "op-url-scheme",
              "a URL of another database",
              "InvalidDatabaseUrl",
              "Secret sqlserver key url: unsupported database URL (scheme 'sqlserver'); expected"
                  + " jdbc:postgresql://host:port/database or postgresql://user:password@host:port/database"
                  + " (postgres:// also accepted); for MariaDB/MySQL jdbc:mariadb://host:port/database"
                  + " or mariadb://user:password@host:port/database (jdbc:mysql:// and mysql:// also"
                  + " accepted)",
              dm ->
                  dm.getSpec().getDatabase().setUrlFrom(new SecretValueSource("sqlserver", "url")),
              List.of("good")),
          new Case(
              "op-configmap-missing",
              "a migrations ConfigMap that does not exist",
              "ConfigMapNotFound",
              "ConfigMap absent (spec.migrations.configMaps[0]) not found in namespace shop",
              dm -> {},
              List.of("absent")),
          new Case(
              "op-no-migrations",
              "a ConfigMap without migration files",
              "NoMigrations",
              "ConfigMap empty (spec.migrations.configMaps[0]) has no migration files: expected keys like V1__init.sql or"
                  + " R__views.sql",
              dm -> {},
              List.of("empty")),
          new Case(
              "op-misnamed",
              "a ConfigMap key that is no migration name",
              "InvalidMigrationName",
              "ConfigMap misnamed key init.sql is not a migration file name: use V<version>__<description>.sql"
                  + " (e.g. V1__init.sql) or R__<description>.sql for repeatable migrations",
              dm -> {},
              List.of("misnamed")),
          new Case(
              "op-duplicate",
              "V1 and V1.0 in two ConfigMaps",
              "DuplicateMigration",
              "migration version 1 is defined twice: good/V1__a.sql and dup/V1.0__b.sql; give each migration its own version",
              dm -> {},
              List.of("good", "dup")),
          new Case(
              "op-target",
              "a target that is no version",
              "InvalidSpec",
              "spec.migrations.target must be latest or a version like 3 or 1.2, not newest",
              dm -> dm.getSpec().getMigrations().setTarget("newest"),
              List.of("good")),
          new Case(
              "op-lock-timeout",
              "a lock timeout longer than an hour",
              "InvalidSpec",
              "spec.migrations.lockTimeout: '3h' is too long: use 100ms to 1h, written e.g. 500ms,"
                  + " 90s, 10m, 1h30m or ISO-8601 such as PT5S or PT1H30M, or 0s for none",
              dm -> dm.getSpec().getMigrations().setLockTimeout("3h"),
              List.of("good")),
          new Case(
              "op-lock-retries",
              "negative lock retries",
              "InvalidSpec",
              "spec.migrations.lockRetries must be between 0 and 20, not -1",
              dm -> dm.getSpec().getMigrations().setLockRetries(-1),
              List.of("good")),
          new Case(
              "op-statement-timeout",
              "a statement timeout under a second",
              "InvalidSpec",
              "spec.migrations.statementTimeout: '10ms' is too short: use 1s to 24h, written e.g."
                  + " 500ms, 90s, 10m, 1h30m or ISO-8601 such as PT5S or PT1H30M, or 0s for none",
              dm -> dm.getSpec().getMigrations().setStatementTimeout("10ms"),
              List.of("good")),
          new Case(
              "op-flyway-default-schema",
              "a defaultSchema that is not one of schemas",
              "InvalidSpec",
              "spec.flyway: defaultSchema billing is not one of schemas (app, audit): Flyway keeps"
                  + " its history in the default schema, which it must manage",
              dm -> {
                dm.getSpec().setFlyway(new FlywaySpec());
                dm.getSpec().getFlyway().setSchemas(List.of("app", "audit"));
                dm.getSpec().getFlyway().setDefaultSchema("billing");
              },
              List.of("good")),
          new Case(
              "op-flyway-baseline-version",
              "a baselineVersion that is no version",
              "InvalidSpec",
              "spec.flyway: Flyway setting baselineVersion must be a version such as 1, 3 or 1.2,"
                  + " not 'v2'",
              dm -> {
                dm.getSpec().setFlyway(new FlywaySpec());
                dm.getSpec().getFlyway().setBaselineVersion("v2");
              },
              List.of("good")),
          new Case(
              "op-placeholder-secret-missing",
              "a placeholder from a Secret that does not exist",
              "SecretNotFound",
              "Secret absent (spec.flyway.placeholdersFrom[0]) not found in namespace shop",
              dm -> {
                PlaceholderSource source = new PlaceholderSource();
                source.setName("apiKey");
                source.setSecretKeyRef(new SecretKeyRef("absent", "key"));
                dm.getSpec().setFlyway(new FlywaySpec());
                dm.getSpec().getFlyway().setPlaceholdersFrom(List.of(source));
              },
              List.of("good")),
          new Case(
              "op-placeholder-two-sources",
              "a placeholder from both a ConfigMap and a Secret",
              "InvalidSpec",
              "spec.flyway.placeholdersFrom[0] needs a name and exactly one of configMapKeyRef and"
                  + " secretKeyRef",
              dm -> {
                PlaceholderSource source = new PlaceholderSource();
                source.setName("apiKey");
                source.setSecretKeyRef(new SecretKeyRef("db", "url"));
                ConfigMapKeyRef key = new ConfigMapKeyRef();
                key.setName("good");
                key.setKey("V1__a.sql");
                source.setConfigMapKeyRef(key);
                dm.getSpec().setFlyway(new FlywaySpec());
                dm.getSpec().getFlyway().setPlaceholdersFrom(List.of(source));
              },
              List.of("good")),
          new Case(
              "op-engine",
              "an engine the URL does not point at",
              "InvalidSpec",
              "spec.database.engine is mysql but the URL in Secret db key url is a PostgreSQL URL:"
                  + " name the engine the URL points at, or leave spec.database.engine out",
              dm -> dm.getSpec().getDatabase().setEngine("mysql"),
              List.of("good")),
          new Case(
              "op-engine-unknown",
              "an engine that does not exist",
              "InvalidSpec",
              "spec.database.engine must be postgresql, mysql or mariadb (or left out: the URL"
                  + " says), not oracle",
              dm -> dm.getSpec().getDatabase().setEngine("oracle"),
              List.of("good")),
          new Case(
              "op-seed-no-files",
              "a seed ConfigMap without .sql files",
              "NoSeedFiles",
              "ConfigMap empty (spec.seeds[0].configMap) of seed rows has no .sql files; they are applied in file-name"
                  + " order, e.g. 01-currencies.sql",
              dm -> dm.getSpec().setSeeds(List.of(seed("rows", "empty"))),
              List.of("good")),
          new Case(
              "op-seed-twice",
              "the same seed listed twice",
              "InvalidSpec",
              "seed rows is listed twice in spec.seeds",
              dm -> dm.getSpec().setSeeds(List.of(seed("rows", "good"), seed("rows", "good"))),
              List.of("good")),
          new Case(
              "op-backup-no-claim",
              "backup enabled without a volume claim",
              "InvalidSpec",
              "spec.backup.volumeClaimName is required when spec.backup.enabled is true",
              dm -> {
                BackupSpec backup = new BackupSpec();
                backup.setEnabled(true);
                dm.getSpec().setBackup(backup);
              },
              List.of("good")),
          new Case(
              "op-backup-claim-missing",
              "a backup volume claim that does not exist",
              "PersistentVolumeClaimNotFound",
              "PersistentVolumeClaim backups (spec.backup.volumeClaimName) not found in namespace shop",
              dm -> {
                BackupSpec backup = new BackupSpec();
                backup.setEnabled(true);
                backup.setVolumeClaimName("backups");
                dm.getSpec().setBackup(backup);
              },
              List.of("good")),
          new Case(
              "op-image-and-configmaps",
              "both spec.migrations.configMaps and image",
              "InvalidSpec",
              "spec.migrations has both configMaps and image: name one source of migrations (put the"
                  + " ConfigMaps' files into the image, or leave the image out)",
              dm -> image(dm, "{registry}/shop/app:1"),
              List.of("good")),
          new Case(
              "op-image-reference",
              "an image reference that does not parse",
              "InvalidSpec",
              "spec.migrations.image.reference: invalid image reference 'Shop/App:1': the repository"
                  + " 'Shop/App' must be lowercase letters, digits and separators; expected"
                  + " [registry/]repository[:tag][@sha256:digest]",
              dm -> image(dm, "Shop/App:1"),
              List.of()),
          new Case(
              "op-image-unauthorized",
              "a registry that wants credentials, and no pull Secret",
              "RegistryUnauthorized",
              "spec.migrations.image: registry {registry} refused access to shop/app (HTTP 401): no"
                  + " credentials for {registry} were found; add them to the Docker config file"
                  + " (DOCKER_CONFIG or ~/.docker/config.json; in a cluster, a pull secret)",
              dm -> image(dm, "{registry}/shop/app:1"),
              List.of()),
          new Case(
              "op-image-not-found",
              "a tag the registry does not have",
              "ImageNotFound",
              "spec.migrations.image: image {registry}/shop/app:9.9 not found: registry {registry}"
                  + " has no such repository, tag or digest",
              dm -> image(dm, "{registry}/shop/app:9.9", "registry-login"),
              List.of()),
          new Case(
              "op-image-unreachable",
              "a registry that cannot be reached, and no digest resolved before",
              "RegistryUnavailable",
              "spec.migrations.image: cannot reach registry 127.0.0.1:1 (http): connection refused;"
                  + " no digest has been resolved yet, so no Job runs until it answers",
              dm -> image(dm, "127.0.0.1:1/shop/app:1"),
              List.of()),
          new Case(
              "op-image-pull-secret-key",
              "a pull Secret without .dockerconfigjson",
              "PullSecretInvalid",
              "Secret db (spec.migrations.image.pullSecrets[0]) has no .dockerconfigjson key: create"
                  + " it with kubectl create secret docker-registry",
              dm -> image(dm, "{registry}/shop/app:1", "db"),
              List.of()),
          new Case(
              "op-seed-two-sources",
              "a seed with both a configMap and an image",
              "InvalidSpec",
              "spec.seeds[0] needs exactly one of configMap and image: the seed's .sql files come"
                  + " from a ConfigMap or from a directory in an image",
              dm ->
                  dm.getSpec()
                      .setSeeds(List.of(seedImage("rows", "good", "{registry}/shop/seeds:1"))),
              List.of("good")),
          new Case(
              "op-seed-image-not-found",
              "a seed image tag the registry does not have",
              "ImageNotFound",
              "spec.seeds[0].image: image {registry}/shop/seeds:9.9 not found: registry {registry}"
                  + " has no such repository, tag or digest",
              dm ->
                  dm.getSpec()
                      .setSeeds(
                          List.of(
                              seedImage(
                                  "rows", null, "{registry}/shop/seeds:9.9", "registry-login"))),
              List.of("good")));

  static Stream<Case> cases() {
    return CASES.stream();
  }

  @BeforeAll
  void start() {
    client = environment.client();
    client
        .resource(TestResources.secret(NS, "db", Map.of("url", environment.database().jdbcUrl())))
        .create();
    client
        .resource(
            TestResources.secret(
                NS, "slash", Map.of("url", "postgres://app:Sl4sh/pw@127.0.0.1:5432/shop")))
        .create();
    client
        .resource(
            TestResources.secret(
                NS, "sqlserver", Map.of("url", "sqlserver://app:pw-1234@db:1433/shop")))
        .create();
    client
        .resource(
            new SecretBuilder()
                .withNewMetadata()
                .withName("not-base64")
                .withNamespace(NS)
                .addToLabels(TestResources.WATCH_LABEL, "enabled")
                .endMetadata()
                .withData(Map.of("url", "this is not base64!"))
                .build())
        .create();
    client
        .resource(
            TestResources.migrations(NS, "good", Map.of("V1__a.sql", "CREATE TABLE a (id int);")))
        .create();
    String auth = TestResources.base64("puller:catalogue-pw-1234");
    client
        .resource(
            new SecretBuilder()
                .withNewMetadata()
                .withName("registry-login")
                .withNamespace(NS)
                .endMetadata()
                .withType("kubernetes.io/dockerconfigjson")
                .withData(
                    Map.of(
                        ".dockerconfigjson",
                        TestResources.base64(
                            "{\"auths\":{\""
                                + registry.address()
                                + "\":{\"auth\":\""
                                + auth
                                + "\"}}}")))
                .build())
        .create();
    client
        .resource(TestResources.migrations(NS, "dup", Map.of("V1.0__b.sql", "SELECT 1;")))
        .create();
    client
        .resource(TestResources.migrations(NS, "empty", Map.of("README.md", "nothing here")))
        .create();
    client
        .resource(TestResources.migrations(NS, "misnamed", Map.of("init.sql", "SELECT 1;")))
        .create();
    for (Case badInput : CASES) {
      DatabaseMigration resource =
          TestResources.migration(
              NS, badInput.id(), "db", badInput.configMaps().toArray(String[]::new));
      badInput.change().accept(resource);
      Stream.concat(
              Stream.of(resource.getSpec().getMigrations().getImage()),
              Stream.ofNullable(resource.getSpec().getSeeds())
                  .flatMap(List::stream)
                  .map(SeedSpec::getImage))
          .filter(image -> image != null)
          .forEach(
              image ->
                  image.setReference(
                      image.getReference().replace("{registry}", registry.address())));
      client.resource(resource).create();
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void stallsWithOneClearMessageAndRunsNothing(Case badInput) {
    DatabaseMigration stalled =
        environment.await(
            badInput.id(),
            "stalled",
            dm ->
                OperatorEnvironment.condition(dm, "Stalled")
                    .filter(c -> "True".equals(c.getStatus()))
                    .isPresent());

    Condition ready = OperatorEnvironment.condition(stalled, "Ready").orElseThrow();
    assertThat(ready.getStatus()).isEqualTo("False");
    assertThat(ready.getReason()).isEqualTo(badInput.reason());
    assertThat(ready.getMessage())
        .isEqualTo(badInput.message().replace("{registry}", registry.address()));
    assertThat(environment.jobs())
        .as("no Job for a bad input")
        .noneMatch(job -> job.getMetadata().getName().startsWith(badInput.id()));
    assertThat(environment.events(badInput.id()))
        .anySatisfy(
            event -> {
              assertThat(event.getType()).isEqualTo("Warning");
              assertThat(event.getReason()).isEqualTo(badInput.reason());
            });
  }

  /**
   * Migrations from {@code reference} ({@code {registry}}: the test registry), with pull Secrets.
   */
  private static void image(DatabaseMigration dm, String reference, String... pullSecrets) {
    ImageSource image = new ImageSource(reference);
    if (pullSecrets.length > 0) {
      image.setPullSecrets(Stream.of(pullSecrets).map(PullSecretRef::new).toList());
    }
    dm.getSpec().getMigrations().setImage(image);
  }

  private static SeedSpec seedImage(
      String name, String configMap, String reference, String... pullSecrets) {
    SeedSpec seed = seed(name, configMap);
    seed.setImage(new ImageSource(reference));
    if (pullSecrets.length > 0) {
      seed.getImage().setPullSecrets(Stream.of(pullSecrets).map(PullSecretRef::new).toList());
    }
    return seed;
  }

  private static SeedSpec seed(String name, String configMap) {
    SeedSpec seed = new SeedSpec();
    seed.setName(name);
    seed.setConfigMap(configMap);
    return seed;
  }
}
