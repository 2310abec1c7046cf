package io.dbmigrate.reconcile;

import io.dbmigrate.api.DatabaseMigrationStatus;
import io.dbmigrate.gate.GateRemoval;
import io.dbmigrate.health.ProbeTarget;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What one reconcile decided: the whole new status, and what to do for it — the Job to start, the
 * Jobs to prune, the gates to remove, what the prober watches — and the Events to announce.
 * Computed by {@link Decider} from an {@link Observation} alone, carried out by {@link Actor}.
 *
 * @param start the Job to create, with what it is for ("to apply migrations")
 * @param probe what the prober should watch; empty to stop probing (invalid inputs)
 * @param recheck when to look again even without an event
 */
record Decision(
    DatabaseMigrationStatus status,
    Optional<JobStart> start,
    List<Job> prune,
    List<GateRemoval> releases,
    Optional<ProbeTarget> probe,
    List<Announcement> announcements,
    Optional<Duration> recheck) {

  record JobStart(Job job, String purpose) {
    String name() {
      return job.getMetadata().getName();
    }
  }

  /** Collects the parts while {@link Decider} works through a reconcile. */
  static final class Builder {
    private JobStart start;
    private final List<Job> prune = new ArrayList<>();
    private final List<GateRemoval> releases = new ArrayList<>();
    private ProbeTarget probe;
    private final List<Announcement> announcements = new ArrayList<>();
    private Duration recheck;

    void start(Job job, String purpose) {
      start = new JobStart(job, purpose);
    }

    void prune(List<Job> jobs) {
      prune.addAll(jobs);
    }

    void release(List<GateRemoval> removals) {
      releases.addAll(removals);
    }

    void probe(ProbeTarget target) {
      probe = target;
    }

    void announce(Announcement announcement) {
      announcements.add(announcement);
    }

    /** Looks again after {@code after}, or sooner when another part asked for that. */
    void recheckAfter(Duration after) {
      recheck = recheck == null || after.compareTo(recheck) < 0 ? after : recheck;
    }

    Decision build(DatabaseMigrationStatus status) {
      return new Decision(
          status,
          Optional.ofNullable(start),
          List.copyOf(prune),
          List.copyOf(releases),
          Optional.ofNullable(probe),
          List.copyOf(announcements),
          Optional.ofNullable(recheck));
    }
  }
}
