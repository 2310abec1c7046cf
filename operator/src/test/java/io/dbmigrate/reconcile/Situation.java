package io.dbmigrate.reconcile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.dbmigrate.api.ApprovalSpec;
import io.dbmigrate.api.DatabaseMigration;
import io.dbmigrate.api.DatabaseMigrationStatus;
import io.dbmigrate.db.ConnectionSettings;
import io.dbmigrate.gate.Requirement;
import io.dbmigrate.health.DatabaseCheck;
import io.dbmigrate.health.HealthReport;
import io.dbmigrate.health.MigrationsCheck;
import io.dbmigrate.health.RunningMigration;
import io.dbmigrate.reconcile.MigrationInputs.MigrationSource;
import io.dbmigrate.reconcile.Observation.Invalid;
import io.dbmigrate.reconcile.Observation.Resolved;
import io.dbmigrate.runner.RunResult;
import io.dbmigrate.runner.SeedResult;
import io.dbmigrate.testing.OperatorEnvironment;
import io.dbmigrate.testing.TestResources;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * One reconcile's observation, built by hand for the {@link Decider} unit tests: a resource {@code
 * shop/shop}, its stored status, its Jobs with their outcomes, gated pods and a health report. A
 * Job's outcome can only be read if the test gave one, so a test also shows which pods a decision
 * would list.
 */
final class Situation {
  static final Instant NOW = Instant.parse("2026-11-27T12:00:00Z");
  static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
  static final String DIGEST = "0123456789abcdef".repeat(4);
  static final String OTHER_DIGEST = "fedcba9876543210".repeat(4);
  static final String MIGRATE_JOB = JobNames.forDigest("shop", DIGEST);
  static final String PLAN_JOB = JobNames.forPlan("shop", DIGEST);

  final DatabaseMigration resource =
      TestResources.migration("shop", "shop", "shop-db", "shop-migrations");
  private final List<Job> jobs = new ArrayList<>();
  private final Map<String, JobOutcome> outcomes = new HashMap<>();
  final Set<String> outcomesRead = new HashSet<>();
  private final List<Pod> gatedPods = new ArrayList<>();
  private Observation.Inputs inputs;
  private HealthReport health;
  private RunningMigration run;

  Situation() {
    resource.getMetadata().setUid("uid-shop");
    resource.getMetadata().setGeneration(1L);
    inputs = resolved(DIGEST);
  }

  static Decider decider() {
    return new Decider(new MigrationJobFactory(OperatorEnvironment.SETTINGS), CLOCK);
  }

  static Resolved resolved(String digest) {
    MigrationInputs inputs =
        new MigrationInputs(
            List.of(
                new MigrationSource(
                    "shop-migrations",
                    new TreeMap<>(Map.of("V1__customers.sql", "CREATE TABLE c (id int);")))),
            List.of(),
            "url-fingerprint",
            ConnectionSettings.resolve("jdbc:postgresql://db.shop:5432/shop", "app", null),
            MigrationInputs.FlywayInputs.NONE);
    return new Resolved(inputs, digest);
  }

  Situation digest(String digest) {
    inputs = resolved(digest);
    return this;
  }

  Situation invalid(String reason, String message) {
    inputs = new Invalid(new InvalidInputException(reason, message));
    return this;
  }

  Situation stored(DatabaseMigrationStatus status) {
    resource.setStatus(status);
    return this;
  }

  Situation generation(long generation) {
    resource.getMetadata().setGeneration(generation);
    return this;
  }

  Situation annotate(String key, String value) {
    resource.getMetadata().setAnnotations(new HashMap<>(Map.of(key, value)));
    return this;
  }

  Situation approvalRequired() {
    ApprovalSpec approval = new ApprovalSpec();
    approval.setRequired(true);
    resource.getSpec().setApproval(approval);
    return this;
  }

  Situation environment(String environment, boolean allowReset) {
    resource.getSpec().setEnvironment(environment);
    resource.getSpec().setAllowReset(allowReset);
    return this;
  }

  Situation historyLimit(int limit) {
    io.dbmigrate.api.JobSpec job = new io.dbmigrate.api.JobSpec();
    job.setHistoryLimit(limit);
    resource.getSpec().setJob(job);
    return this;
  }

  /** A Job still running. */
  Situation running(String name) {
    jobs.add(job(name, null, "2026-11-27T11:00:00Z"));
    return this;
  }

  /** A finished Job and what its pod reported. */
  Situation finished(String name, JobOutcome outcome) {
    return finished(name, outcome, "2026-11-27T11:00:00Z");
  }

  Situation finished(String name, JobOutcome outcome, String created) {
    String condition = outcome.state() == JobOutcome.State.SUCCEEDED ? "Complete" : "Failed";
    jobs.add(job(name, condition, created));
    outcomes.put(name, outcome);
    return this;
  }

  /** A pod held back by the gate of this resource, optionally until a version. */
  Situation gatedPod(String name, String requirement) {
    gatedPods.add(
        new PodBuilder()
            .withNewMetadata()
            .withName(name)
            .withNamespace("shop")
            .addToAnnotations(Requirement.ANNOTATION, requirement)
            .addToLabels(Requirement.GATED_LABEL, "true")
            .endMetadata()
            .withNewSpec()
            .addNewSchedulingGate("dbmigrate.io/shop")
            .endSpec()
            .build());
    return this;
  }

  Situation healthy() {
    health =
        new HealthReport(
            NOW,
            new DatabaseCheck(true, 1.5, null),
            new MigrationsCheck(true, 0, "0 pending, no drift"));
    return this;
  }

  /** The running Job's migration session, as the prober last saw it. */
  Situation session(RunningMigration migration) {
    run = migration;
    return this;
  }

  Situation unreachable(String error) {
    health = new HealthReport(NOW, new DatabaseCheck(false, 5000, error), null);
    return this;
  }

  Observation observation() {
    return new Observation(
        resource,
        inputs,
        OwnedJobs.of(
            jobs,
            job -> {
              String name = job.getMetadata().getName();
              outcomesRead.add(name);
              JobOutcome outcome = outcomes.get(name);
              if (outcome == null) {
                fail("the decision read the outcome of Job " + name + ", which it should not need");
              }
              return outcome;
            }),
        gatedPods,
        Optional.ofNullable(health),
        Optional.ofNullable(run));
  }

  Decision decide() {
    return decider().decide(observation());
  }

  /** Decides, then stores the new status as the API server would: the next reconcile's view. */
  Decision decideAndStore() {
    Decision decision = decide();
    resource.setStatus(decision.status());
    return decision;
  }

  /**
   * Decides again on what the last decision stored: the resource is at rest when that changes
   * nothing, starts nothing, announces nothing and lists no pods.
   */
  void assertAtRest() {
    outcomesRead.clear();
    Decision again = decide();
    assertThat(again.status()).usingRecursiveComparison().isEqualTo(resource.getStatus());
    assertThat(again.start()).as("Job started").isEmpty();
    assertThat(again.announcements()).as("announcements").isEmpty();
    assertThat(outcomesRead).as("Jobs whose pods were listed").isEmpty();
  }

  /** The runner's arguments in the Job a decision starts. */
  static List<String> args(Decision.JobStart start) {
    return start.job().getSpec().getTemplate().getSpec().getContainers().get(0).getArgs();
  }

  static JobOutcome succeeded(RunResult result) {
    return new JobOutcome(
        JobOutcome.State.SUCCEEDED,
        Optional.of(result),
        "2026-11-27T11:01:00Z",
        null,
        Optional.empty());
  }

  static JobOutcome succeededWithReport(String report) {
    return new JobOutcome(
        JobOutcome.State.SUCCEEDED,
        Optional.empty(),
        "2026-11-27T11:01:00Z",
        null,
        Optional.of(report));
  }

  static JobOutcome failed(RunResult result, String kubernetesMessage) {
    return new JobOutcome(
        JobOutcome.State.FAILED,
        Optional.ofNullable(result),
        "2026-11-27T11:01:00Z",
        kubernetesMessage,
        Optional.empty());
  }

  static RunResult applied(String version, int applied, int total, int pending) {
    List<RunResult.AppliedMigration> migrations = new ArrayList<>();
    for (int i = 0; i < applied; i++) {
      migrations.add(
          new RunResult.AppliedMigration(
              String.valueOf(i + 1), "m" + i, "V" + (i + 1) + "__m.sql", 5));
    }
    return RunResult.succeeded(version, migrations, total, pending, 42);
  }

  /** The run's result with these seeds, as the runner reports a run that seeded. */
  static RunResult withSeeds(RunResult result, SeedResult... seeds) {
    boolean seedFailed =
        List.of(seeds).stream().anyMatch(s -> s.status() == io.dbmigrate.runner.SeedOutcome.Failed);
    return new RunResult(
        seedFailed ? RunResult.Status.Failed : result.status(),
        result.currentVersion(),
        result.applied(),
        result.appliedCount(),
        result.totalApplied(),
        result.pending(),
        result.durationMs(),
        seedFailed ? RunResult.RunError.of(List.of(seeds).get(0).message()) : result.error(),
        false,
        List.of(seeds),
        null);
  }

  static RunResult failedAt(String version, String script, String message) {
    return new RunResult(
        RunResult.Status.Failed,
        "1",
        List.of(),
        0,
        1,
        1,
        17,
        new RunResult.RunError(version, script, message),
        false,
        List.of(),
        null);
  }

  private static Job job(String name, String condition, String created) {
    JobBuilder job =
        new JobBuilder()
            .withNewMetadata()
            .withName(name)
            .withNamespace("shop")
            .withUid("uid-" + name)
            .withCreationTimestamp(created)
            .withResourceVersion("1")
            .endMetadata()
            .withNewStatus()
            .endStatus();
    if (condition != null) {
      job.editStatus()
          .addNewCondition()
          .withType(condition)
          .withStatus("True")
          .endCondition()
          .endStatus();
    }
    return job.build();
  }
}
