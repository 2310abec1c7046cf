package io.dbmigrate.testing;

import io.dbmigrate.cli.DbMigrate;
import io.dbmigrate.registry.DockerConfig;
import io.dbmigrate.registry.ImageReference;
import io.dbmigrate.registry.ImageRegistry;
import io.dbmigrate.registry.RegistryException;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapKeySelector;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.KeyToPath;
import io.fabric8.kubernetes.api.model.LocalObjectReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.ProjectedVolumeSource;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretKeySelector;
import io.fabric8.kubernetes.api.model.SecretProjection;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.VolumeProjection;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobCondition;
import io.fabric8.kubernetes.api.model.batch.v1.JobConditionBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobStatus;
import io.fabric8.kubernetes.api.model.batch.v1.JobStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Plays the kubelet and the Job controller for the mock API server: for each new Job it resolves
 * the pod's environment from Secrets and its ConfigMap and projected Secret volumes into files (in
 * the kubelet's {@code ..data} symlink layout) and extracts its image volumes (an image that cannot
 * be pulled leaves the pod pending with ErrImagePull), runs the real {@code dbmigrate} command
 * in-process with exactly that environment and those files, then writes the pod with its
 * termination message and the Job's status as Kubernetes does, retrying up to the Job's backoff
 * limit.
 */
public final class KubeletFixture implements AutoCloseable {
  /** The kubelet truncates termination messages to this size. */
  static final int TERMINATION_MESSAGE_LIMIT = 4096;

  /** One container run: what it printed and how it exited. */
  public record ContainerRun(String job, int exitCode, String output, String terminationMessage) {}

  private final KubernetesClient client;
  private final Path root;
  private final ExecutorService runner =
      Executors.newSingleThreadExecutor(r -> new Thread(r, "kubelet"));
  private final Set<String> seen = ConcurrentHashMap.newKeySet();
  private final List<ContainerRun> runs = Collections.synchronizedList(new ArrayList<>());
  private final Map<String, Long> finishedAtNanos = new ConcurrentHashMap<>();
  private final List<String> imagePulls = Collections.synchronizedList(new ArrayList<>());
  private volatile CountDownLatch hold = new CountDownLatch(0);
  private SharedIndexInformer<Job> informer;

  public KubeletFixture(KubernetesClient client, Path root) {
    this.client = client;
    this.root = root;
  }

  public KubeletFixture start() {
    informer =
        client
            .batch()
            .v1()
            .jobs()
            .inAnyNamespace()
            .inform(
                new ResourceEventHandler<>() {
                  @Override
                  public void onAdd(Job job) {
                    if (seen.add(job.getMetadata().getUid())) {
                      runner.submit(() -> runJob(job));
                    }
                  }

                  @Override
                  public void onUpdate(Job oldJob, Job newJob) {}

                  @Override
                  public void onDelete(Job job, boolean unknown) {
                    // The garbage collector's part: a deleted Job takes its pods with it.
                    client
                        .pods()
                        .inNamespace(job.getMetadata().getNamespace())
                        .withLabel("batch.kubernetes.io/controller-uid", job.getMetadata().getUid())
                        .delete();
                  }
                });
    return this;
  }

  /** New Jobs stay active, their pods not started, until {@link #release()}. */
  public void hold() {
    hold = new CountDownLatch(1);
  }

  public void release() {
    hold.countDown();
  }

  /**
   * When the Job's final status was written ({@link System#nanoTime()}), for latency measurements.
   */
  public java.util.Optional<Long> finishedAtNanos(String jobName) {
    return java.util.Optional.ofNullable(finishedAtNanos.get(jobName));
  }

  public List<ContainerRun> runs() {
    synchronized (runs) {
      return List.copyOf(runs);
    }
  }

  private void runJob(Job job) {
    try {
      markActive(job);
      hold.await();
      int backoffLimit = Objects.requireNonNullElse(job.getSpec().getBackoffLimit(), 6);
      int failures = 0;
      while (true) {
        ContainerRun run = runPod(job);
        if (run == null) {
          return; // the pod could not start (e.g. a missing Secret): Kubernetes keeps it pending
        }
        if (run.exitCode() == 0) {
          finish(job, true, failures, null);
          return;
        }
        failures++;
        if (failJobRuleMatches(job, run.exitCode())) {
          finish(job, false, failures, "PodFailurePolicy");
          return;
        }
        if (failures > backoffLimit) {
          finish(job, false, failures, "BackoffLimitExceeded");
          return;
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException e) {
      e.printStackTrace();
    }
  }

  private ContainerRun runPod(Job job) {
    String startedAt = now();
    Container container = job.getSpec().getTemplate().getSpec().getContainers().get(0);
    String namespace = job.getMetadata().getNamespace();
    Map<String, String> env = new HashMap<>();
    for (EnvVar variable : Objects.requireNonNullElse(container.getEnv(), List.<EnvVar>of())) {
      String value = resolve(namespace, variable);
      if (value == null) {
        return null;
      }
      env.put(variable.getName(), value);
    }
    Path podDir = createDirectory(root.resolve(job.getMetadata().getName() + "-" + suffix()));
    Map<String, Path> mounted;
    try {
      mounted = mountVolumes(namespace, job, container, podDir);
    } catch (VolumeNotReady notReady) {
      if (notReady.imagePull != null) {
        createWaitingPod(job, container, "ErrImagePull", notReady.imagePull);
      }
      return null; // Kubernetes keeps the pod pending (and retries the pull) until the deadline
    }
    Map<String, Path> mounts = mounted;
    // Paths in the environment (DBMIGRATE_DOCKER_CONFIGS=/a:/b) are the container's too.
    env.replaceAll(
        (name, value) ->
            value != null && value.startsWith("/")
                ? String.join(
                    ":",
                    java.util.Arrays.stream(value.split(":"))
                        .map(part -> hostPath(part, mounts))
                        .toList())
                : value);
    Path terminationLog = podDir.resolve("termination-log");
    List<String> args = new ArrayList<>();
    for (String arg : container.getArgs()) {
      args.add(hostPath(arg, mounts));
    }
    args.add("--result-file");
    args.add(terminationLog.toString());

    StringWriter out = new StringWriter();
    int exitCode =
        DbMigrate.commandLine(env)
            .setOut(new PrintWriter(out, true))
            .setErr(new PrintWriter(out, true))
            .execute(args.toArray(String[]::new));
    String message = terminationMessage(terminationLog, exitCode, out.toString(), container);
    ContainerRun run =
        new ContainerRun(job.getMetadata().getName(), exitCode, out.toString(), message);
    runs.add(run);
    createPod(job, container, startedAt, exitCode, message);
    return run;
  }

  private String resolve(String namespace, EnvVar variable) {
    if (variable.getValueFrom() == null) {
      return variable.getValue();
    }
    ConfigMapKeySelector configMapKey = variable.getValueFrom().getConfigMapKeyRef();
    if (configMapKey != null) {
      ConfigMap configMap =
          client.configMaps().inNamespace(namespace).withName(configMapKey.getName()).get();
      return configMap == null || configMap.getData() == null
          ? null
          : configMap.getData().get(configMapKey.getKey());
    }
    SecretKeySelector ref = variable.getValueFrom().getSecretKeyRef();
    Secret secret = client.secrets().inNamespace(namespace).withName(ref.getName()).get();
    if (secret == null || secret.getData() == null || !secret.getData().containsKey(ref.getKey())) {
      return null;
    }
    return new String(
        Base64.getDecoder().decode(secret.getData().get(ref.getKey())), StandardCharsets.UTF_8);
  }

  /** A volume the kubelet cannot set up (yet): a missing Secret, an image it cannot pull. */
  private static final class VolumeNotReady extends Exception {
    final String imagePull;

    VolumeNotReady(String imagePull) {
      super(imagePull, null, false, false);
      this.imagePull = imagePull;
    }
  }

  /**
   * Writes each ConfigMap and projected Secret volume the way the kubelet's atomic writer does, and
   * extracts each image volume's image (pulled with the pod's imagePullSecrets) into its directory.
   */
  private Map<String, Path> mountVolumes(
      String namespace, Job job, Container container, Path podDir) throws VolumeNotReady {
    Map<String, Path> mounts = new HashMap<>();
    List<Volume> volumes = job.getSpec().getTemplate().getSpec().getVolumes();
    for (VolumeMount mount : container.getVolumeMounts()) {
      Volume volume =
          volumes.stream()
              .filter(v -> v.getName().equals(mount.getName()))
              .findFirst()
              .orElseThrow();
      if (volume.getPersistentVolumeClaim() != null) {
        // A claim outlives pods: the same directory for every pod that mounts it.
        Path claim =
            createDirectory(
                root.resolve("claims").resolve(volume.getPersistentVolumeClaim().getClaimName()));
        mounts.put(mount.getMountPath(), claim);
        continue;
      }
      Path dir = createDirectory(podDir.resolve("volumes").resolve(volume.getName()));
      if (volume.getConfigMap() != null) {
        ConfigMap configMap =
            client
                .configMaps()
                .inNamespace(namespace)
                .withName(volume.getConfigMap().getName())
                .get();
        writeAtomically(dir, configMap.getData());
      }
      if (volume.getProjected() != null) {
        writeAtomically(dir, projectedSecrets(namespace, volume.getProjected()));
      }
      if (volume.getImage() != null) {
        extractImage(namespace, job, volume.getImage().getReference(), dir);
      }
      mounts.put(mount.getMountPath(), dir);
    }
    return mounts;
  }

  /** The projected Secrets' items by path; a missing Secret or key keeps the pod pending. */
  private Map<String, String> projectedSecrets(String namespace, ProjectedVolumeSource projected)
      throws VolumeNotReady {
    Map<String, String> files = new HashMap<>();
    for (VolumeProjection source : projected.getSources()) {
      SecretProjection projection = source.getSecret();
      if (projection == null) {
        continue;
      }
      Secret secret = client.secrets().inNamespace(namespace).withName(projection.getName()).get();
      if (secret == null || secret.getData() == null) {
        throw new VolumeNotReady(null);
      }
      for (KeyToPath item : projection.getItems()) {
        String value = secret.getData().get(item.getKey());
        if (value == null) {
          throw new VolumeNotReady(null);
        }
        files.put(
            item.getPath(), new String(Base64.getDecoder().decode(value), StandardCharsets.UTF_8));
      }
    }
    return files;
  }

  /**
   * The image volume: the whole image pulled as the kubelet would, with the pod's imagePullSecrets;
   * a failed pull is the ErrImagePull message Kubernetes shows.
   */
  private void extractImage(String namespace, Job job, String reference, Path dir)
      throws VolumeNotReady {
    try {
      ImageReference image = ImageReference.parse(reference);
      List<DockerConfig> configs = new ArrayList<>();
      var pullSecrets = job.getSpec().getTemplate().getSpec().getImagePullSecrets();
      for (var pullSecret :
          Objects.requireNonNullElse(pullSecrets, List.<LocalObjectReference>of())) {
        Secret secret =
            client.secrets().inNamespace(namespace).withName(pullSecret.getName()).get();
        if (secret != null
            && secret.getData() != null
            && secret.getData().get(".dockerconfigjson") != null) {
          configs.add(
              DockerConfig.of(
                  "pull Secret " + pullSecret.getName(),
                  new String(
                      Base64.getDecoder().decode(secret.getData().get(".dockerconfigjson")),
                      StandardCharsets.UTF_8)));
        }
      }
      var credentials = DockerConfig.anyOf(configs).credentialsFor(image.registry()).orElse(null);
      new ImageRegistry().pull(image, "/", credentials, dir);
      imagePulls.add(reference);
    } catch (RegistryException e) {
      throw new VolumeNotReady(
          "failed to pull and unpack image \"" + reference + "\": " + e.getMessage());
    }
  }

  /** The images the fixture pulled for image volumes, in order. */
  public List<String> imagePulls() {
    synchronized (imagePulls) {
      return List.copyOf(imagePulls);
    }
  }

  private static void writeAtomically(Path dir, Map<String, String> files) {
    try {
      String timestamped = "..2026_11_25_10_00_00." + suffix();
      Path data = createDirectory(dir.resolve(timestamped));
      Set<String> topLevel = new java.util.TreeSet<>();
      for (Map.Entry<String, String> file : files.entrySet()) {
        Path target = data.resolve(file.getKey());
        Files.createDirectories(target.getParent());
        Files.writeString(target, file.getValue());
        topLevel.add(Path.of(file.getKey()).getName(0).toString());
      }
      Files.createSymbolicLink(dir.resolve("..data"), Path.of(timestamped));
      for (String name : topLevel) {
        Files.createSymbolicLink(dir.resolve(name), Path.of("..data", name));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Container paths in an argument ({@code DIR}, or {@code NAME=DIR@ENV}) become the host's. */
  private static String hostPath(String arg, Map<String, Path> mounts) {
    for (Map.Entry<String, Path> mount : mounts.entrySet()) {
      java.util.regex.Matcher path =
          java.util.regex.Pattern.compile(
                  "(^|=)" + java.util.regex.Pattern.quote(mount.getKey()) + "(?=$|/|@)")
              .matcher(arg);
      if (path.find()) {
        return path.replaceFirst(
            "$1" + java.util.regex.Matcher.quoteReplacement(mount.getValue().toString()));
      }
    }
    return arg;
  }

  /** The directory a PersistentVolumeClaim's volume lives in, as a test inspects it. */
  public Path claimDirectory(String claimName) {
    return root.resolve("claims").resolve(claimName);
  }

  private static String terminationMessage(
      Path file, int exitCode, String log, Container container) {
    try {
      String message = Files.exists(file) ? Files.readString(file) : "";
      if (message.isEmpty()
          && exitCode != 0
          && "FallbackToLogsOnError".equals(container.getTerminationMessagePolicy())) {
        message = log.length() > 2048 ? log.substring(log.length() - 2048) : log;
      }
      byte[] bytes = message.getBytes(StandardCharsets.UTF_8);
      return bytes.length <= TERMINATION_MESSAGE_LIMIT
          ? message
          : new String(bytes, 0, TERMINATION_MESSAGE_LIMIT, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A pod whose container cannot start: Pending, waiting with {@code reason} and message. */
  private void createWaitingPod(Job job, Container container, String reason, String message) {
    Pod pod =
        new PodBuilder(podFor(job))
            .withNewStatus()
            .withPhase("Pending")
            .withContainerStatuses(
                new ContainerStatusBuilder()
                    .withName(container.getName())
                    .withImage(container.getImage())
                    .withReady(false)
                    .withNewState()
                    .withNewWaiting()
                    .withReason(reason)
                    .withMessage(message)
                    .endWaiting()
                    .endState()
                    .build())
            .endStatus()
            .build();
    client.pods().resource(pod).create();
  }

  private static Pod podFor(Job job) {
    Map<String, String> labels =
        new HashMap<>(job.getSpec().getTemplate().getMetadata().getLabels());
    labels.put("job-name", job.getMetadata().getName());
    labels.put("batch.kubernetes.io/job-name", job.getMetadata().getName());
    labels.put("controller-uid", job.getMetadata().getUid());
    labels.put("batch.kubernetes.io/controller-uid", job.getMetadata().getUid());
    return new PodBuilder()
        .withNewMetadata()
        .withName(job.getMetadata().getName() + "-" + suffix())
        .withNamespace(job.getMetadata().getNamespace())
        .withLabels(labels)
        .addNewOwnerReference()
        .withApiVersion("batch/v1")
        .withKind("Job")
        .withName(job.getMetadata().getName())
        .withUid(job.getMetadata().getUid())
        .withController(true)
        .endOwnerReference()
        .endMetadata()
        .withSpec(job.getSpec().getTemplate().getSpec())
        .build();
  }

  private void createPod(
      Job job, Container container, String startedAt, int exitCode, String message) {
    Pod pod =
        new PodBuilder(podFor(job))
            .withNewStatus()
            .withPhase(exitCode == 0 ? "Succeeded" : "Failed")
            .withContainerStatuses(
                new ContainerStatusBuilder()
                    .withName(container.getName())
                    .withImage(container.getImage())
                    .withReady(false)
                    .withNewState()
                    .withNewTerminated()
                    .withExitCode(exitCode)
                    .withReason(exitCode == 0 ? "Completed" : "Error")
                    .withMessage(message.isEmpty() ? null : message)
                    .withStartedAt(startedAt)
                    .withFinishedAt(now())
                    .endTerminated()
                    .endState()
                    .build())
            .endStatus()
            .build();
    client.pods().resource(pod).create();
  }

  private void markActive(Job job) {
    updateStatus(job, new JobStatusBuilder().withActive(1).withStartTime(now()).build());
  }

  /** The Job controller's podFailurePolicy: a FailJob rule on the container's exit code. */
  private static boolean failJobRuleMatches(Job job, int exitCode) {
    var policy = job.getSpec().getPodFailurePolicy();
    if (policy == null || policy.getRules() == null) {
      return false;
    }
    return policy.getRules().stream()
        .filter(rule -> "FailJob".equals(rule.getAction()) && rule.getOnExitCodes() != null)
        .map(rule -> rule.getOnExitCodes())
        .anyMatch(
            codes -> "In".equals(codes.getOperator()) && codes.getValues().contains(exitCode));
  }

  private void finish(Job job, boolean succeeded, int failures, String failureReason) {
    String now = now();
    String failureMessage =
        "PodFailurePolicy".equals(failureReason)
            ? "Container migrate for pod failed with exit code matching FailJob rule at index 0"
            : "Job has reached the specified backoff limit";
    List<JobCondition> conditions =
        succeeded
            ? List.of(
                condition("SuccessCriteriaMet", "CompletionsReached", null, now),
                condition("Complete", "CompletionsReached", null, now))
            : List.of(
                condition("FailureTarget", failureReason, failureMessage, now),
                condition("Failed", failureReason, failureMessage, now));
    JobStatus status =
        new JobStatusBuilder()
            .withActive(0)
            .withStartTime(job.getStatus() == null ? now : job.getStatus().getStartTime())
            .withSucceeded(succeeded ? 1 : 0)
            .withFailed(failures)
            .withCompletionTime(succeeded ? now : null)
            .withConditions(conditions)
            .build();
    updateStatus(job, status);
    finishedAtNanos.put(job.getMetadata().getName(), System.nanoTime());
  }

  private static JobCondition condition(String type, String reason, String message, String now) {
    return new JobConditionBuilder()
        .withType(type)
        .withStatus("True")
        .withReason(reason)
        .withMessage(message)
        .withLastProbeTime(now)
        .withLastTransitionTime(now)
        .build();
  }

  private void updateStatus(Job job, JobStatus status) {
    Job current =
        client
            .batch()
            .v1()
            .jobs()
            .inNamespace(job.getMetadata().getNamespace())
            .withName(job.getMetadata().getName())
            .get();
    if (current == null) {
      return;
    }
    current.setStatus(status);
    client.batch().v1().jobs().resource(current).updateStatus();
  }

  private static Path createDirectory(Path dir) {
    try {
      return Files.createDirectories(dir);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String suffix() {
    String alphabet = "bcdfghjklmnpqrstvwxz2456789";
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < 5; i++) {
      out.append(alphabet.charAt(ThreadLocalRandom.current().nextInt(alphabet.length())));
    }
    return out.toString();
  }

  private static String now() {
    return Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
  }

  @Override
  public void close() {
    release();
    if (informer != null) {
      informer.close();
    }
    runner.shutdownNow();
  }
}
