package io.dbmigrate.reconcile;

import io.dbmigrate.api.DatabaseMigration;
import io.dbmigrate.api.DatabaseMigrationSpec;
import io.dbmigrate.api.JobSpec;
import io.dbmigrate.api.MigrationsSpec;
import io.dbmigrate.api.SecretValueSource;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.VolumeMountBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Builds the Job that runs {@code dbmigrate migrate} for one input digest. Connection settings
 * reach the container only as environment variables from the Secret (never as arguments), the
 * migrations as read-only ConfigMap volumes, and the pod runs under the "restricted" Pod
 * Security Standard.
 */
final class MigrationJobFactory {
  static final String CONTAINER = "migrate";
  static final String MIGRATIONS_ROOT = "/migrations";
  static final String TERMINATION_LOG = "/dev/termination-log";
  static final String ENV_URL = "DBMIGRATE_URL";
  static final String ENV_USERNAME = "DBMIGRATE_USERNAME";
  static final String ENV_PASSWORD = "DBMIGRATE_PASSWORD";

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

  Job build(DatabaseMigration resource, String digest) {
    DatabaseMigrationSpec spec = resource.getSpec();
    JobSpec jobSpec = Objects.requireNonNullElseGet(spec.getJob(), JobSpec::new);
    String name = resource.getMetadata().getName();
    Map<String, String> labels =
        Map.of(Labels.MIGRATION, Labels.value(name), Labels.MANAGED_BY, Labels.OPERATOR);

    List<Volume> volumes = new ArrayList<>();
    List<VolumeMount> mounts = new ArrayList<>();
    List<String> args = new ArrayList<>(List.of("migrate"));
    List<String> configMaps =
        spec.getMigrations().getConfigMaps().stream().map(ref -> ref.getName()).toList();
    for (int i = 0; i < configMaps.size(); i++) {
      String volume = "migrations-" + i;
      String path = MIGRATIONS_ROOT + "/" + i + "-" + configMaps.get(i);
      volumes.add(
          new VolumeBuilder()
              .withName(volume)
              .withNewConfigMap()
              .withName(configMaps.get(i))
              .endConfigMap()
              .build());
      mounts.add(new VolumeMountBuilder().withName(volume).withMountPath(path).withReadOnly(true).build());
      args.add("--migrations");
      args.add(path);
    }
    String target = spec.getMigrations().getTarget();
    args.add("--target");
    args.add(target == null ? MigrationsSpec.LATEST : target);
    // The JVM and Flyway need a writable /tmp under a read-only root file system.
    volumes.add(new VolumeBuilder().withName("tmp").withNewEmptyDir().endEmptyDir().build());
    mounts.add(new VolumeMountBuilder().withName("tmp").withMountPath("/tmp").build());

    Container container =
        new ContainerBuilder()
            .withName(CONTAINER)
            .withImage(imageFor(spec))
            .withArgs(args)
            .withEnv(environment(spec))
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
        .withName(JobNames.forDigest(name, digest))
        .withNamespace(resource.getMetadata().getNamespace())
        .withLabels(labels)
        .withAnnotations(Map.of(Labels.DIGEST, digest))
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
        .endSpec()
        .endTemplate()
        .endSpec()
        .build();
  }

  private static List<EnvVar> environment(DatabaseMigrationSpec spec) {
    List<EnvVar> env = new ArrayList<>();
    env.add(fromSecret(ENV_URL, spec.getDatabase().getUrlFrom()));
    if (spec.getDatabase().getUsernameFrom() != null) {
      env.add(fromSecret(ENV_USERNAME, spec.getDatabase().getUsernameFrom()));
    }
    if (spec.getDatabase().getPasswordFrom() != null) {
      env.add(fromSecret(ENV_PASSWORD, spec.getDatabase().getPasswordFrom()));
    }
    env.add(new EnvVarBuilder().withName("JAVA_TOOL_OPTIONS").withValue("-XX:MaxRAMPercentage=75").build());
    return env;
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
