package io.dbmigrate.reconcile;

import io.dbmigrate.api.BackupSpec;
import io.dbmigrate.api.DatabaseMigration;
import io.dbmigrate.api.DatabaseMigrationSpec;
import io.dbmigrate.api.FlywaySpec;
import io.dbmigrate.api.JobSpec;
import io.dbmigrate.api.PlaceholderSource;
import io.dbmigrate.api.SecretValueSource;
import io.dbmigrate.api.SeedSpec;
import io.dbmigrate.config.DurationText;
import io.dbmigrate.config.Environments;
import io.dbmigrate.config.LockPolicy;
import io.dbmigrate.config.RunnerVariables;
import io.dbmigrate.config.Targets;
import io.dbmigrate.registry.DockerConfig;
import io.dbmigrate.runner.Seed;
import io.dbmigrate.runner.SourceImage;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.LocalObjectReference;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.VolumeMountBuilder;
import io.fabric8.kubernetes.api.model.VolumeProjection;
import io.fabric8.kubernetes.api.model.VolumeProjectionBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Builds the Job that runs {@code dbmigrate migrate} for one input digest. Connection settings
 * reach the container only as environment variables from the Secret (never as arguments), the
 * migrations and seeds as read-only ConfigMap volumes or from images by digest, and the pod runs
 * under the "restricted" Pod Security Standard.
 */
final class MigrationJobFactory {
  static final String CONTAINER = "migrate";
  static final String MIGRATIONS_ROOT = "/migrations";
  static final String MIGRATIONS_IMAGE = "/migrations-image";
  static final String REGISTRY_CREDENTIALS = "/var/run/secrets/dbmigrate.io/registry";
  static final String SEEDS_ROOT = "/seeds";
  static final String SEEDS_IMAGE = "/seeds-image";
  static final String BACKUPS = "/backups";
  static final String TERMINATION_LOG = "/dev/termination-log";

  private final OperatorSettings settings;

  MigrationJobFactory(OperatorSettings settings) {
    this.settings = settings;
  }

  String imageFor(DatabaseMigrationSpec spec) {
    JobSpec job = spec.getJob();
    return job != null && job.getImage() != null && !job.getImage().isBlank()
        ? job.getImage()
        : settings.runnerImage();
  }

  /** What a Job does: the runner command it runs, and the suffix its name carries. */
  enum Kind {
    MIGRATE("migrate"),
    PLAN("plan"),
    RESET("reset"),
    REPAIR("repair");

    final String command;

    Kind(String command) {
      this.command = command;
    }
  }

  /**
   * The Job that applies the inputs with this digest.
   *
   * @param images the migrations' and seeds' images as pinned
   */
  Job migrate(DatabaseMigration resource, String digest, PinnedImages images) {
    return build(
        resource,
        Kind.MIGRATE,
        JobNames.forDigest(resource.getMetadata().getName(), digest),
        digest,
        images);
  }

  /** The Job that only plans the inputs with this digest, for an approval. */
  Job plan(DatabaseMigration resource, String digest, PinnedImages images) {
    return build(
        resource,
        Kind.PLAN,
        JobNames.forPlan(resource.getMetadata().getName(), digest),
        digest,
        images);
  }

  /** The Job that cleans the development database and applies the inputs again, once per token. */
  Job reset(DatabaseMigration resource, String digest, PinnedImages images, String token) {
    return build(
        resource,
        Kind.RESET,
        JobNames.forReset(resource.getMetadata().getName(), token),
        digest,
        images);
  }

  /** The Job that repairs the schema history (Flyway repair), once per token. */
  Job repair(DatabaseMigration resource, String digest, PinnedImages images, String token) {
    return build(
        resource,
        Kind.REPAIR,
        JobNames.forRepair(resource.getMetadata().getName(), token),
        digest,
        images);
  }

  private Job build(
      DatabaseMigration resource, Kind kind, String jobName, String digest, PinnedImages images) {
    DatabaseMigrationSpec spec = resource.getSpec();
    JobSpec jobSpec = Objects.requireNonNullElseGet(spec.getJob(), JobSpec::new);
    String name = resource.getMetadata().getName();
    Map<String, String> labels =
        Map.of(
            Labels.MIGRATION,
            Labels.value(name),
            Labels.MANAGED_BY,
            Labels.OPERATOR,
            Labels.JOB_KIND,
            kind.command);

    List<Volume> volumes = new ArrayList<>();
    List<VolumeMount> mounts = new ArrayList<>();
    List<String> args = new ArrayList<>(List.of(kind.command));
    List<EnvVar> env = environment(spec);
    List<LocalObjectReference> pullSecrets = new ArrayList<>();
    boolean volumeMode = JobSpec.IMAGE_SOURCE_VOLUME.equals(imageSource(spec));
    List<PinnedImage> used = new ArrayList<>();
    PinnedImage image = images.migrations();
    if (image != null) {
      migrationsImage(image, volumeMode, volumes, mounts, args);
      used.add(image);
    }
    List<String> configMaps =
        image != null || spec.getMigrations().getConfigMaps() == null
            ? List.of()
            : spec.getMigrations().getConfigMaps().stream().map(ref -> ref.getName()).toList();
    for (int i = 0; i < configMaps.size(); i++) {
      String path =
          mountConfigMap(
              "migrations-" + i,
              configMaps.get(i),
              MIGRATIONS_ROOT + "/" + i + "-" + configMaps.get(i),
              volumes,
              mounts);
      args.add("--migrations");
      args.add(path);
    }
    if (kind != Kind.REPAIR) {
      args.add("--target");
      args.add(Targets.orLatest(spec.getMigrations().getTarget()));
      args.add("--environment");
      args.add(Objects.requireNonNullElse(spec.getEnvironment(), Environments.DEFAULT));
    }
    // A repair touches the schema history only: no seeds, backup or lock settings.
    List<SeedSpec> seeds =
        spec.getSeeds() == null || kind == Kind.REPAIR ? List.of() : spec.getSeeds();
    for (int i = 0; i < seeds.size(); i++) {
      SeedSpec seed = seeds.get(i);
      PinnedImage seedImage = images.seed(seed.getName());
      if (seedImage == null) {
        String path =
            mountConfigMap(
                "seed-" + i,
                seed.getConfigMap(),
                SEEDS_ROOT + "/" + i + "-" + seed.getName(),
                volumes,
                mounts);
        args.addAll(List.of("--seed", seedArgument(seed, Path.of(path), null)));
      } else if (volumeMode) {
        String mountPath = SEEDS_IMAGE + "/" + i;
        mountImage("seed-image-" + i, seedImage, mountPath, volumes, mounts);
        args.addAll(
            List.of("--seed", seedArgument(seed, Path.of(mountPath + seedImage.path()), null)));
        used.add(seedImage);
      } else {
        SourceImage pulled = new SourceImage(seedImage.byDigest(), seedImage.path(), null);
        args.addAll(List.of("--seed-image", seedArgument(seed, null, pulled)));
        used.add(seedImage);
      }
    }
    registryCredentials(
        new PinnedImages(used).pullSecrets(), volumeMode, volumes, mounts, env, pullSecrets);
    switch (kind) {
      case PLAN -> args.addAll(List.of("--output", "json"));
      case RESET -> args.add("--yes");
      case MIGRATE, REPAIR -> {}
    }
    FlywaySpec flyway = spec.getFlyway();
    if (flyway != null) {
      flyway
          .settings()
          .forEach((key, value) -> args.addAll(List.of("--flyway", key + "=" + value)));
      List<PlaceholderSource> from = placeholdersFrom(flyway);
      for (int i = 0; i < from.size(); i++) {
        args.addAll(
            List.of(
                "--placeholder-from-env",
                from.get(i).getName() + "=" + RunnerVariables.PLACEHOLDER_PREFIX + i));
      }
    }
    if (kind == Kind.MIGRATE || kind == Kind.RESET) {
      LockPolicy locks = SpecValidator.lockPolicy(spec);
      args.addAll(
          List.of(
              "--lock-timeout",
              DurationText.format(locks.lockTimeout()),
              "--lock-retries",
              Integer.toString(locks.lockRetries()),
              "--statement-timeout",
              DurationText.format(locks.statementTimeout()),
              "--application-name",
              JobNames.session(resource.getMetadata().getNamespace(), jobName)));
    }
    BackupSpec backup = spec.getBackup();
    if ((kind == Kind.MIGRATE || kind == Kind.RESET)
        && backup != null
        && Boolean.TRUE.equals(backup.getEnabled())) {
      volumes.add(
          new VolumeBuilder()
              .withName("backups")
              .withNewPersistentVolumeClaim()
              .withClaimName(backup.getVolumeClaimName())
              .endPersistentVolumeClaim()
              .build());
      mounts.add(new VolumeMountBuilder().withName("backups").withMountPath(BACKUPS).build());
      args.add("--backup-dir");
      args.add(BACKUPS);
    }
    // The JVM and Flyway need a writable /tmp under a read-only root file system.
    volumes.add(new VolumeBuilder().withName("tmp").withNewEmptyDir().endEmptyDir().build());
    mounts.add(new VolumeMountBuilder().withName("tmp").withMountPath("/tmp").build());

    Container container =
        new ContainerBuilder()
            .withName(CONTAINER)
            .withImage(imageFor(spec))
            .withArgs(args)
            .withEnv(env)
            .withVolumeMounts(mounts)
            .withResources(resources(jobSpec))
            .withTerminationMessagePath(TERMINATION_LOG)
            .withTerminationMessagePolicy("FallbackToLogsOnError")
            .withNewSecurityContext()
            .withAllowPrivilegeEscalation(false)
            .withReadOnlyRootFilesystem(true)
            .withRunAsNonRoot(true)
            .withNewCapabilities()
            .withDrop("ALL")
            .endCapabilities()
            .endSecurityContext()
            .build();

    return new JobBuilder()
        .withNewMetadata()
        .withName(jobName)
        .withNamespace(resource.getMetadata().getNamespace())
        .withLabels(labels)
        .withAnnotations(Map.of(Annotations.JOB_DIGEST, digest))
        .addNewOwnerReference()
        .withApiVersion(resource.getApiVersion())
        .withKind(resource.getKind())
        .withName(name)
        .withUid(resource.getMetadata().getUid())
        .withController(true)
        .withBlockOwnerDeletion(true)
        .endOwnerReference()
        .endMetadata()
        .withNewSpec()
        .withBackoffLimit(
            Objects.requireNonNullElse(jobSpec.getBackoffLimit(), JobSpec.DEFAULT_BACKOFF_LIMIT))
        .withActiveDeadlineSeconds(
            Objects.requireNonNullElse(
                jobSpec.getActiveDeadlineSeconds(), JobSpec.DEFAULT_ACTIVE_DEADLINE_SECONDS))
        // The runner exits 1 for a failed run (bad SQL, drift, a failed seed) and 2 for bad
        // arguments: running it again gives the same answer, so the Job fails at once. Other
        // failures (an evicted or OOM-killed pod) are retried up to the backoff limit.
        .withNewPodFailurePolicy()
        .addNewRule()
        .withAction("FailJob")
        .withNewOnExitCodes()
        .withContainerName(CONTAINER)
        .withOperator("In")
        .withValues(1, 2)
        .endOnExitCodes()
        .endRule()
        .endPodFailurePolicy()
        .withNewTemplate()
        .withNewMetadata()
        .withLabels(labels)
        .endMetadata()
        .withNewSpec()
        .withRestartPolicy("Never")
        .withServiceAccountName(jobSpec.getServiceAccountName())
        // The runner talks to the database only, never to the Kubernetes API.
        .withAutomountServiceAccountToken(false)
        .withNewSecurityContext()
        .withRunAsNonRoot(true)
        .withNewSeccompProfile()
        .withType("RuntimeDefault")
        .endSeccompProfile()
        .endSecurityContext()
        .withContainers(container)
        .withVolumes(volumes)
        .withImagePullSecrets(pullSecrets.isEmpty() ? null : pullSecrets)
        .endSpec()
        .endTemplate()
        .endSpec()
        .build();
  }

  private static String imageSource(DatabaseMigrationSpec spec) {
    return spec.getJob() == null || spec.getJob().getImageSource() == null
        ? JobSpec.IMAGE_SOURCE_PULL
        : spec.getJob().getImageSource();
  }

  /**
   * The migrations image, always by its digest. {@code volume}: a Kubernetes image volume, mounted
   * read-only, its path read as a directory. {@code pull}: the runner pulls the path itself.
   */
  private static void migrationsImage(
      PinnedImage image,
      boolean volumeMode,
      List<Volume> volumes,
      List<VolumeMount> mounts,
      List<String> args) {
    if (volumeMode) {
      mountImage("migrations-image", image, MIGRATIONS_IMAGE, volumes, mounts);
      args.addAll(List.of("--migrations", MIGRATIONS_IMAGE + image.path()));
      return;
    }
    args.addAll(
        List.of(
            "--migrations-image",
            image.pinned().pinnedName(),
            "--migrations-image-path",
            image.path()));
  }

  /** A seed's argument in the runner's own form ({@link Seed#toArgument}): one place for it. */
  private static String seedArgument(SeedSpec seed, Path directory, SourceImage image) {
    return new Seed(seed.getName(), directory, seed.getEnvironments(), image).toArgument();
  }

  /** A Kubernetes image volume of the image by its digest, mounted read-only at {@code path}. */
  private static void mountImage(
      String volume,
      PinnedImage image,
      String path,
      List<Volume> volumes,
      List<VolumeMount> mounts) {
    volumes.add(
        new VolumeBuilder()
            .withName(volume)
            .withNewImage()
            .withReference(image.pinned().pinnedName())
            .withPullPolicy("IfNotPresent")
            .endImage()
            .build());
    mounts.add(
        new VolumeMountBuilder().withName(volume).withMountPath(path).withReadOnly(true).build());
  }

  /**
   * The pull Secrets of the images the Job uses. {@code volume}: the pod's imagePullSecrets. {@code
   * pull}: mounted one directory each as Docker config files, asked in order as the kubelet asks
   * imagePullSecrets.
   */
  private static void registryCredentials(
      List<String> names,
      boolean volumeMode,
      List<Volume> volumes,
      List<VolumeMount> mounts,
      List<EnvVar> env,
      List<LocalObjectReference> pullSecrets) {
    if (volumeMode) {
      names.forEach(name -> pullSecrets.add(new LocalObjectReference(name)));
      return;
    }
    if (names.isEmpty()) {
      return;
    }
    List<VolumeProjection> secrets = new ArrayList<>();
    List<String> directories = new ArrayList<>();
    for (int i = 0; i < names.size(); i++) {
      secrets.add(
          new VolumeProjectionBuilder()
              .withNewSecret()
              .withName(names.get(i))
              .addNewItem()
              .withKey(ImagePins.SECRET_KEY)
              .withPath(i + "/config.json")
              .endItem()
              .endSecret()
              .build());
      directories.add(REGISTRY_CREDENTIALS + "/" + i);
    }
    volumes.add(
        new VolumeBuilder()
            .withName("registry-credentials")
            .withNewProjected()
            .withSources(secrets)
            // Owned by root without an fsGroup: readable by all, so the non-root runner can read.
            .withDefaultMode(0444)
            .endProjected()
            .build());
    mounts.add(
        new VolumeMountBuilder()
            .withName("registry-credentials")
            .withMountPath(REGISTRY_CREDENTIALS)
            .withReadOnly(true)
            .build());
    env.add(
        new EnvVarBuilder()
            .withName(DockerConfig.DOCKER_CONFIGS_VARIABLE)
            .withValue(String.join(":", directories))
            .build());
  }

  /** Mounts a ConfigMap read-only at {@code path}; returns the path. */
  private static String mountConfigMap(
      String volume,
      String configMap,
      String path,
      List<Volume> volumes,
      List<VolumeMount> mounts) {
    volumes.add(
        new VolumeBuilder()
            .withName(volume)
            .withNewConfigMap()
            .withName(configMap)
            .endConfigMap()
            .build());
    mounts.add(
        new VolumeMountBuilder().withName(volume).withMountPath(path).withReadOnly(true).build());
    return path;
  }

  private static List<EnvVar> environment(DatabaseMigrationSpec spec) {
    List<EnvVar> env = new ArrayList<>();
    env.add(fromSecret(RunnerVariables.URL, spec.getDatabase().getUrlFrom()));
    if (spec.getDatabase().getUsernameFrom() != null) {
      env.add(fromSecret(RunnerVariables.USERNAME, spec.getDatabase().getUsernameFrom()));
    }
    if (spec.getDatabase().getPasswordFrom() != null) {
      env.add(fromSecret(RunnerVariables.PASSWORD, spec.getDatabase().getPasswordFrom()));
    }
    if (spec.getFlyway() != null) {
      List<PlaceholderSource> from = placeholdersFrom(spec.getFlyway());
      for (int i = 0; i < from.size(); i++) {
        env.add(placeholderValue(RunnerVariables.PLACEHOLDER_PREFIX + i, from.get(i)));
      }
    }
    // The JVM's flags are the image's (docker/dbmigrate): a Job's differ from the operator's.
    return env;
  }

  private static List<PlaceholderSource> placeholdersFrom(FlywaySpec flyway) {
    return flyway.getPlaceholdersFrom() == null ? List.of() : flyway.getPlaceholdersFrom();
  }

  /** The value travels from its ConfigMap or Secret into the pod, never through the operator. */
  private static EnvVar placeholderValue(String variable, PlaceholderSource source) {
    if (source.getSecretKeyRef() != null) {
      return fromSecret(
          variable,
          new SecretValueSource(
              source.getSecretKeyRef().getName(), source.getSecretKeyRef().getKey()));
    }
    return new EnvVarBuilder()
        .withName(variable)
        .withNewValueFrom()
        .withNewConfigMapKeyRef()
        .withName(source.getConfigMapKeyRef().getName())
        .withKey(source.getConfigMapKeyRef().getKey())
        .endConfigMapKeyRef()
        .endValueFrom()
        .build();
  }

  private static EnvVar fromSecret(String variable, SecretValueSource source) {
    return new EnvVarBuilder()
        .withName(variable)
        .withNewValueFrom()
        .withNewSecretKeyRef()
        .withName(source.getSecretKeyRef().getName())
        .withKey(source.getSecretKeyRef().getKey())
        .endSecretKeyRef()
        .endValueFrom()
        .build();
  }

  private static ResourceRequirements resources(JobSpec jobSpec) {
    if (jobSpec.getResources() != null) {
      return jobSpec.getResources();
    }
    return new ResourceRequirementsBuilder()
        .withRequests(Map.of("cpu", new Quantity("100m"), "memory", new Quantity("256Mi")))
        .withLimits(Map.of("memory", new Quantity("512Mi")))
        .build();
  }
}
