package io.dbmigrate.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import io.dbmigrate.api.DatabaseMigration;
import io.dbmigrate.api.ImageSource;
import io.dbmigrate.api.JobSpec;
import io.dbmigrate.api.SeedSpec;
import io.dbmigrate.registry.ImageReference;
import io.dbmigrate.testing.OperatorEnvironment;
import io.dbmigrate.testing.TestResources;
import io.fabric8.kubernetes.api.model.LocalObjectReference;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The images of a Job: arguments in the runner's forms, and one merged list of pull Secrets. */
class MigrationJobFactoryImagesTest {
  private static final String DIGEST = "sha256:" + "c".repeat(64);
  private static final String SEEDS = "registry.example.com/shop/seeds";

  private final MigrationJobFactory jobs = new MigrationJobFactory(OperatorEnvironment.SETTINGS);

  @Test
  void pullModeNamesEachSeedImageByDigestAndMergesThePullSecretsMigrationsFirstEachOnce() {
    Job job = jobs.migrate(resource(JobSpec.IMAGE_SOURCE_PULL), "d".repeat(64), images());
    PodSpec pod = job.getSpec().getTemplate().getSpec();
    assertThat(pod.getContainers().get(0).getArgs())
        .containsSubsequence("--seed", "ref=/seeds/0-ref")
        .containsSubsequence(
            "--seed-image", "demo=" + SEEDS + "@" + DIGEST + "#/db/seeds@development,staging")
        .noneMatch(arg -> arg.contains(":1@") || arg.contains(":1#"));
    var projected =
        pod.getVolumes().stream()
            .filter(v -> v.getProjected() != null)
            .findFirst()
            .orElseThrow()
            .getProjected();
    assertThat(projected.getSources())
        .extracting(source -> source.getSecret().getName())
        .containsExactly("app-registry", "seed-registry");
    assertThat(pod.getContainers().get(0).getEnv())
        .anySatisfy(
            env ->
                assertThat(env.getValue())
                    .isEqualTo(
                        "/var/run/secrets/dbmigrate.io/registry/0"
                            + ":/var/run/secrets/dbmigrate.io/registry/1"));
    assertThat(pod.getImagePullSecrets()).isNull();
  }

  @Test
  void volumeModeMountsEachSeedImageAndMakesTheMergedPullSecretsThePods() {
    Job job = jobs.migrate(resource(JobSpec.IMAGE_SOURCE_VOLUME), "d".repeat(64), images());
    PodSpec pod = job.getSpec().getTemplate().getSpec();
    assertThat(pod.getVolumes())
        .filteredOn(v -> v.getImage() != null)
        .extracting(v -> v.getName() + "=" + v.getImage().getReference())
        .containsExactly(
            "migrations-image=registry.example.com/shop/app@" + DIGEST,
            "seed-image-1=" + SEEDS + "@" + DIGEST);
    assertThat(pod.getContainers().get(0).getArgs())
        .containsSubsequence("--seed", "demo=/seeds-image/1/db/seeds@development,staging")
        .doesNotContain("--seed-image");
    assertThat(pod.getImagePullSecrets())
        .extracting(LocalObjectReference::getName)
        .containsExactly("app-registry", "seed-registry");
    assertThat(pod.getVolumes()).noneMatch(v -> v.getProjected() != null);
  }

  /** Migrations from an image; seed ref from a ConfigMap, seed demo from an image. */
  private static DatabaseMigration resource(String mode) {
    DatabaseMigration resource = TestResources.migration("shop", "shop", "db");
    resource.getMetadata().setUid("uid-1");
    resource.getSpec().getMigrations().setImage(new ImageSource("registry.example.com/shop/app:1"));
    SeedSpec demo = new SeedSpec("demo", null, List.of("development", "staging"));
    demo.setImage(new ImageSource(SEEDS + ":1"));
    resource.getSpec().setSeeds(List.of(new SeedSpec("ref", "ref-data", null), demo));
    JobSpec job = new JobSpec();
    job.setImageSource(mode);
    resource.getSpec().setJob(job);
    return resource;
  }

  private static PinnedImages images() {
    return new PinnedImages(
        List.of(
            pinned(
                PinnedImage.MIGRATIONS,
                "registry.example.com/shop/app:1",
                "/migrations",
                List.of("app-registry")),
            pinned(
                PinnedImage.seed("demo"),
                SEEDS + ":1",
                "/db/seeds",
                List.of("seed-registry", "app-registry"))));
  }

  private static PinnedImage pinned(
      String source, String reference, String path, List<String> pullSecrets) {
    return new PinnedImage(
        source,
        "spec.x.image",
        reference,
        ImageReference.parse(reference).withDigest(DIGEST),
        path,
        pullSecrets,
        Instant.EPOCH,
        Optional.empty(),
        Instant.EPOCH,
        Optional.empty());
  }
}
