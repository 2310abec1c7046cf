package io.dbmigrate.reconcile;

import static io.dbmigrate.reconcile.Conditions.FALSE;
import static io.dbmigrate.reconcile.Conditions.MIGRATIONS_APPLIED;
import static io.dbmigrate.reconcile.Conditions.RESET;
import static io.dbmigrate.reconcile.Conditions.SEEDS_APPLIED;
import static io.dbmigrate.reconcile.Conditions.TRUE;
import static io.dbmigrate.reconcile.Conditions.UNKNOWN;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.dbmigrate.api.BackupStatus;
import io.dbmigrate.api.CurrentMigration;
import io.dbmigrate.api.DatabaseMigration;
import io.dbmigrate.api.DatabaseMigrationStatus;
import io.dbmigrate.api.JobReference;
import io.dbmigrate.api.JobResult;
import io.dbmigrate.api.MigrationCounts;
import io.dbmigrate.api.Phase;
import io.dbmigrate.api.PlanStatus;
import io.dbmigrate.api.RepairStatus;
import io.dbmigrate.api.ResetStatus;
import io.dbmigrate.api.ResolvedSource;
import io.dbmigrate.api.SeedStatus;
import io.dbmigrate.health.RunningMigration;
import io.dbmigrate.runner.RunResult;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * The one place the status is computed. Each method starts from the stored status and returns the
 * status for one observed situation; fields it does not own are carried over unchanged, so
 * computing the same situation twice gives an equal status and the recorder writes nothing.
 */
final class StatusComputer {
  static final String REASON_MIGRATING = "Migrating";
  static final String REASON_APPLIED = "MigrationsApplied";
  static final String REASON_FAILED = "MigrationFailed";
  static final String REASON_PLANNING = "Planning";
  static final String REASON_WAITING_FOR_DATABASE = "WaitingForDatabase";
  static final String REASON_AWAITING_APPROVAL = "AwaitingApproval";
  static final String REASON_SEEDS_APPLIED = "SeedsApplied";
  static final String REASON_SEED_FAILED = "SeedFailed";
  static final String REASON_RECONCILE_ERROR = "ReconcileError";
  static final String REASON_PLAN_FAILED = "PlanFailed";
  static final String REASON_WAITING_FOR_LOCK = "WaitingForLock";
  static final String REASON_REPAIRING = "Repairing";
  static final String REASON_REPAIRED = "Repaired";
  static final String REASON_REPAIR_FAILED = "RepairFailed";
  static final String REASON_RESOLVED = "Resolved";

  private static final ObjectMapper JSON = new ObjectMapper();

  private final Clock clock;

  StatusComputer(Clock clock) {
    this.clock = clock;
  }

  DatabaseMigrationStatus invalidInput(DatabaseMigration resource, InvalidInputException problem) {
    DatabaseMigrationStatus status = copyOf(resource);
    status.setPhase(Phase.Failed);
    String message = Messages.bounded(problem.getMessage());
    Conditions conditions =
        conditions(resource, status)
            .stalled(problem.reason(), message, "waiting for the input to be fixed");
    if (ImagePins.REGISTRY_REASONS.contains(problem.reason())) {
      // The image the spec names has no digest: the one in status.sources is not what would run.
      conditions.set(Conditions.SOURCES_RESOLVED, FALSE, problem.reason(), message);
    }
    status.setConditions(conditions.toList());
    return status;
  }

  /**
   * A reconcile failed for a reason that is not the user's input (the API server refused a write,
   * say); it is retried with backoff, so the resource is still in progress, not stalled.
   */
  DatabaseMigrationStatus reconcileError(DatabaseMigration resource, Exception error) {
    DatabaseMigrationStatus status = copyOf(resource);
    String cause =
        error.getMessage() == null || error.getMessage().isBlank()
            ? error.getClass().getSimpleName()
            : Messages.firstLine(error.getMessage());
    status.setConditions(
        conditions(resource, status)
            .inProgress(
                REASON_RECONCILE_ERROR, Messages.bounded("retrying after an error: " + cause))
            .toList());
    return status;
  }

  DatabaseMigrationStatus migrating(DatabaseMigration resource, String jobName) {
    String message = "Job " + jobName + " is applying migrations";
    DatabaseMigrationStatus status =
        running(resource, Phase.Migrating, jobName, REASON_MIGRATING, message);
    if (Conditions.find(status.getConditions(), MIGRATIONS_APPLIED).isEmpty()) {
      status.setConditions(
          conditions(resource, status)
              .set(MIGRATIONS_APPLIED, UNKNOWN, REASON_MIGRATING, message)
              .toList());
    }
    return status;
  }

  /**
   * The last probe found the database unreachable, so no Job is started yet: in progress, since the
   * run starts by itself once the database answers.
   */
  DatabaseMigrationStatus waitingForDatabase(DatabaseMigration resource, String error) {
    DatabaseMigrationStatus status = copyOf(resource);
    status.setPhase(Phase.Pending);
    status.setConditions(
        conditions(resource, status)
            .inProgress(
                REASON_WAITING_FOR_DATABASE,
                Messages.bounded("waiting for the database before starting a Job: " + error))
            .toList());
    return status;
  }

  /**
   * A running Job's migration as its database session shows it: which one, since when, and the lock
   * it waits for and who holds it. Still in progress; a lock wait has a reason of its own.
   */
  DatabaseMigrationStatus applying(
      DatabaseMigration resource, DatabaseMigrationStatus status, RunningMigration run) {
    CurrentMigration current = new CurrentMigration();
    current.setScript(run.script());
    current.setStartedAt(RunningMigration.seconds(run.startedAt()));
    if (run.waiting()) {
      current.setWaitingFor(Messages.bounded(run.lockWait().describe()));
      current.setWaitingSince(RunningMigration.seconds(run.waitingSince()));
      current.setBlockingPid(
          run.lockWait().holder() == null ? null : run.lockWait().holder().pid());
    }
    if (status.getMigrations() == null) {
      status.setMigrations(new MigrationCounts());
    }
    status.getMigrations().setCurrent(current);
    String message = "Job " + status.getLastJob().getName() + ": " + run.describe();
    status.setConditions(
        conditions(resource, status)
            .inProgress(
                run.waiting() ? REASON_WAITING_FOR_LOCK : REASON_MIGRATING,
                Messages.bounded(message))
            .toList());
    return status;
  }

  /** No migration is running (any more): the status says nothing of one. */
  static DatabaseMigrationStatus withoutCurrent(DatabaseMigrationStatus status) {
    if (status.getMigrations() != null) {
      status.getMigrations().setCurrent(null);
    }
    return status;
  }

  /** A repair Job is cleaning up the schema history. */
  DatabaseMigrationStatus repairing(DatabaseMigration resource, String jobName, String token) {
    String message = "Job " + jobName + " is repairing the schema history";
    DatabaseMigrationStatus status =
        running(resource, Phase.Migrating, jobName, REASON_REPAIRING, message);
    return withRepair(
        resource, status, new RepairStatus(token, JobResult.Running, message, jobName));
  }

  /**
   * The repair Job ended. After a repair the migrations run again, so a success is still in
   * progress; a failed repair is stuck until someone acts.
   */
  DatabaseMigrationStatus repaired(
      DatabaseMigration resource, String jobName, String token, JobOutcome outcome, String what) {
    DatabaseMigrationStatus status = copyOf(resource);
    boolean succeeded = outcome.state() == JobOutcome.State.SUCCEEDED;
    status.setLastJob(
        new JobReference(
            jobName, succeeded ? JobResult.Succeeded : JobResult.Failed, outcome.finishedAt()));
    String message = Messages.bounded(what);
    if (succeeded) {
      status.setPhase(Phase.Pending);
      status.setConditions(
          conditions(resource, status)
              .inProgress(REASON_REPAIRED, message + "; the migrations run again")
              .toList());
    } else {
      status.setPhase(Phase.Failed);
      status.setConditions(
          conditions(resource, status)
              .stalled(
                  REASON_REPAIR_FAILED,
                  message,
                  "a failed repair is tried again only with a new dbmigrate.io/repair-requested value")
              .toList());
    }
    return withRepair(
        resource,
        status,
        new RepairStatus(
            token, succeeded ? JobResult.Succeeded : JobResult.Failed, message, jobName));
  }

  private DatabaseMigrationStatus withRepair(
      DatabaseMigration resource, DatabaseMigrationStatus status, RepairStatus repair) {
    status.setRepair(repair);
    String conditionStatus =
        switch (repair.getResult()) {
          case Succeeded -> TRUE;
          case Running -> UNKNOWN;
          case Failed -> FALSE;
        };
    String reason =
        switch (repair.getResult()) {
          case Succeeded -> REASON_REPAIRED;
          case Running -> REASON_REPAIRING;
          case Failed -> REASON_REPAIR_FAILED;
        };
    status.setConditions(
        conditions(resource, status)
            .set(Conditions.REPAIRED, conditionStatus, reason, repair.getMessage())
            .toList());
    return status;
  }

  /** A plan Job is working out what the inputs would change, for an approval. */
  DatabaseMigrationStatus planning(DatabaseMigration resource, String jobName) {
    String message = "Job " + jobName + " is making the plan to approve";
    return running(resource, Phase.Pending, jobName, REASON_PLANNING, message);
  }

  /** A Job of this resource is at work: in progress. */
  private DatabaseMigrationStatus running(
      DatabaseMigration resource, Phase phase, String jobName, String reason, String message) {
    DatabaseMigrationStatus status = copyOf(resource);
    status.setPhase(phase);
    status.setLastJob(new JobReference(jobName, JobResult.Running, null));
    status.setConditions(conditions(resource, status).inProgress(reason, message).toList());
    return status;
  }

  /**
   * The plan waits for a person: neither progressing nor stuck, so Reconciling and Stalled are both
   * False (Argo CD shows it as Suspended).
   *
   * @param staleApproval an approval annotation that names another digest, if any
   */
  DatabaseMigrationStatus awaitingApproval(
      DatabaseMigration resource,
      PlanStatus plan,
      String jobName,
      String finishedAt,
      String staleApproval) {
    DatabaseMigrationStatus status = copyOf(resource);
    status.setPhase(Phase.AwaitingApproval);
    status.setPlan(plan);
    status.setLastJob(new JobReference(jobName, JobResult.Succeeded, finishedAt));
    String message =
        "review status.plan, then approve it: kubectl annotate dbm/"
            + resource.getMetadata().getName()
            + " -n "
            + resource.getMetadata().getNamespace()
            + " "
            + Annotations.APPROVED_DIGEST
            + "="
            + plan.getDigest()
            + " --overwrite"
            + (staleApproval == null
                ? ""
                : "; the approval of "
                    + abbreviate(staleApproval)
                    + " is for another plan, so nothing was applied");
    status.setConditions(
        conditions(resource, status).waiting(REASON_AWAITING_APPROVAL, message).toList());
    return status;
  }

  /** Records what became of a reset request, on top of the status of the run. */
  DatabaseMigrationStatus withReset(
      DatabaseMigration resource, DatabaseMigrationStatus status, ResetStatus reset) {
    status.setReset(reset);
    String conditionStatus =
        switch (reset.getResult()) {
          case Succeeded -> TRUE;
          case Running -> UNKNOWN;
          case Failed, Refused -> FALSE;
        };
    status.setConditions(
        Conditions.editing(status.getConditions(), generation(resource), clock.instant())
            .set(
                RESET,
                conditionStatus,
                "Reset" + reset.getResult(),
                Messages.bounded(reset.getMessage()))
            .toList());
    return status;
  }

  DatabaseMigrationStatus succeeded(
      DatabaseMigration resource, String jobName, String digest, JobOutcome outcome) {
    DatabaseMigrationStatus status = copyOf(resource);
    status.setPhase(Phase.Ready);
    status.setAppliedDigest(digest);
    status.setLastJob(new JobReference(jobName, JobResult.Succeeded, outcome.finishedAt()));
    outcome.result().ifPresent(result -> recordRun(status, result, jobName));
    String message =
        readyMessage(status, outcome.result().map(RunResult::appliedCount).orElse(null), jobName);
    Conditions conditions =
        conditions(resource, status)
            .current(REASON_APPLIED, message)
            .set(MIGRATIONS_APPLIED, TRUE, REASON_APPLIED, message);
    if (status.getSeeds() != null && !status.getSeeds().isEmpty()) {
      conditions.set(SEEDS_APPLIED, TRUE, REASON_SEEDS_APPLIED, seedsMessage(status.getSeeds()));
    }
    status.setConditions(conditions.toList());
    return status;
  }

  DatabaseMigrationStatus failed(DatabaseMigration resource, String jobName, JobOutcome outcome) {
    DatabaseMigrationStatus status = copyOf(resource);
    status.setPhase(Phase.Failed);
    status.setLastJob(new JobReference(jobName, JobResult.Failed, outcome.finishedAt()));
    outcome.result().ifPresent(result -> recordRun(status, result, jobName));
    String message = Messages.bounded(failureMessage(jobName, outcome));
    boolean seedFailed = outcome.result().map(StatusComputer::seedFailed).orElse(false);
    String reason = seedFailed ? REASON_SEED_FAILED : REASON_FAILED;
    Conditions conditions =
        conditions(resource, status)
            .stalled(reason, message, "a failed run is not retried until its input changes");
    if (seedFailed) {
      // The migrations went in; only seeding stopped, and its file was rolled back.
      String applied = readyMessage(status, outcome.result().get().appliedCount(), jobName);
      conditions
          .set(MIGRATIONS_APPLIED, TRUE, REASON_APPLIED, applied)
          .set(SEEDS_APPLIED, FALSE, REASON_SEED_FAILED, message);
    } else {
      conditions.set(MIGRATIONS_APPLIED, FALSE, REASON_FAILED, message);
    }
    status.setConditions(conditions.toList());
    return status;
  }

  /**
   * The plan Job failed: nothing was applied, so MigrationsApplied keeps what it said; stuck until
   * the input changes (or the Job is deleted), like a failed migration.
   */
  DatabaseMigrationStatus planFailed(
      DatabaseMigration resource, String jobName, JobOutcome outcome) {
    DatabaseMigrationStatus status = copyOf(resource);
    status.setPhase(Phase.Failed);
    status.setLastJob(new JobReference(jobName, JobResult.Failed, outcome.finishedAt()));
    String message =
        Messages.bounded("the plan could not be made: " + failureMessage(jobName, outcome));
    status.setConditions(
        conditions(resource, status)
            .stalled(
                REASON_PLAN_FAILED, message, "a failed plan is not retried until its input changes")
            .toList());
    return status;
  }

  private static boolean seedFailed(RunResult result) {
    return result.seeds().stream()
        .anyMatch(seed -> seed.status() == io.dbmigrate.runner.SeedOutcome.Failed);
  }

  private static String seedsMessage(List<SeedStatus> seeds) {
    return seeds.stream()
        .map(s -> s.getName() + " " + s.getStatus().toLowerCase())
        .collect(Collectors.joining(", "));
  }

  /** The inputs were applied before: only the generation may have moved (e.g. a label edit). */
  DatabaseMigrationStatus upToDate(DatabaseMigration resource) {
    DatabaseMigrationStatus status = copyOf(resource);
    status.setConditions(conditions(resource, status).toList());
    return status;
  }

  static String failureMessage(String jobName, JobOutcome outcome) {
    return outcome
        .result()
        .map(RunResult::error)
        .filter(Objects::nonNull)
        .map(error -> error.message())
        .orElseGet(
            () ->
                "Job "
                    + jobName
                    + " failed: "
                    + Objects.requireNonNullElse(outcome.message(), "no reason given"));
  }

  /** What the runner's result says of the database, its seeds and its backup. */
  private static void recordRun(DatabaseMigrationStatus status, RunResult result, String jobName) {
    if (result.currentVersion() != null) {
      status.setCurrentVersion(result.currentVersion());
    }
    status.setMigrations(
        new MigrationCounts(result.totalApplied(), result.pending(), result.durationMs()));
    status.setSeeds(
        result.seeds().isEmpty()
            ? null
            : result.seeds().stream()
                .map(
                    seed ->
                        new SeedStatus(
                            seed.name(), seed.status().name(), seed.files(), seed.appliedFiles()))
                .toList());
    if (result.backup() != null) {
      status.setLastBackup(
          new BackupStatus(result.backup().file(), result.backup().sizeBytes(), jobName));
    }
  }

  private static String readyMessage(
      DatabaseMigrationStatus status, Integer appliedNow, String jobName) {
    String version =
        status.getCurrentVersion() == null ? "no version" : "version " + status.getCurrentVersion();
    MigrationCounts counts = status.getMigrations();
    String pending =
        counts == null || counts.getPending() == null
            ? ""
            : ", " + counts.getPending() + " pending";
    String applied = appliedNow == null ? "" : ": " + appliedNow + " applied by Job " + jobName;
    return "database at " + version + applied + pending;
  }

  /**
   * The images as pinned: one entry each in {@code status.sources}, and whether the registries
   * answered (SourcesResolved, naming the images whose registry did not). A registry that could not
   * be asked does not touch Ready: the last digest stays in force. Without images, neither is
   * there.
   */
  DatabaseMigrationStatus withSources(
      DatabaseMigration resource, DatabaseMigrationStatus status, PinnedImages images) {
    if (images.isEmpty()) {
      status.setSources(null);
      status.setConditions(
          conditions(resource, status).remove(Conditions.SOURCES_RESOLVED).toList());
      return status;
    }
    status.setSources(
        images.all().stream()
            .map(
                image ->
                    new ResolvedSource(
                        image.source(),
                        image.reference(),
                        image.pinned().digest(),
                        image.resolvedAt().toString()))
            .toList());
    Conditions conditions = conditions(resource, status);
    List<PinnedImage> unavailable = images.unavailable();
    if (!unavailable.isEmpty()) {
      conditions.set(
          Conditions.SOURCES_RESOLVED,
          FALSE,
          ImagePins.REASON_UNAVAILABLE,
          Messages.bounded(
              unavailable.stream()
                  .map(image -> image.unavailable().get())
                  .collect(Collectors.joining("; "))));
    } else {
      conditions.set(
          Conditions.SOURCES_RESOLVED,
          TRUE,
          REASON_RESOLVED,
          images.all().stream()
              .map(
                  image ->
                      imageName(image)
                          + " "
                          + image.reference()
                          + " is "
                          + image.pinned().pinnedName())
              .collect(Collectors.joining("; ")));
    }
    status.setConditions(conditions.toList());
    return status;
  }

  /** "migrations image", "seed demo's image". */
  private static String imageName(PinnedImage image) {
    return image.source().equals(PinnedImage.MIGRATIONS)
        ? "migrations image"
        : image.source().replace("seed/", "seed ") + " image";
  }

  private Conditions conditions(DatabaseMigration resource, DatabaseMigrationStatus status) {
    return Conditions.editing(status.getConditions(), generation(resource), clock.instant());
  }

  /**
   * The stored status, deeply copied (every field, including ones added later), stamped with the
   * generation this reconcile observes.
   */
  private static DatabaseMigrationStatus copyOf(DatabaseMigration resource) {
    DatabaseMigrationStatus status =
        resource.getStatus() == null
            ? new DatabaseMigrationStatus()
            : JSON.convertValue(resource.getStatus(), DatabaseMigrationStatus.class);
    status.setObservedGeneration(generation(resource));
    return status;
  }

  private static long generation(DatabaseMigration resource) {
    return Objects.requireNonNullElse(resource.getMetadata().getGeneration(), 0L);
  }

  private static String abbreviate(String digest) {
    return digest.length() > 16 ? digest.substring(0, 16) + "…" : digest;
  }
}
