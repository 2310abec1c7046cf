package io.dbmigrate.reconcile;

import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The Jobs a resource owns, as the informer sees them, each with its outcome. An outcome is read
 * (its pods listed) only when a decision asks for it, and at most once per reconcile.
 */
final class OwnedJobs {
  /** A Job and how it ended; {@code outcome} reads the pods on first use. */
  record OwnedJob(Job job, Supplier<JobOutcome> outcome) {
    String name() {
      return job.getMetadata().getName();
    }

    String uid() {
      return job.getMetadata().getUid();
    }

    boolean finished() {
      return JobOutcomeReader.finished(job);
    }
  }

  private final List<OwnedJob> jobs;

  private OwnedJobs(List<OwnedJob> jobs) {
    this.jobs = jobs;
  }

  /**
   * @param outcomes reads how a finished Job ended; called at most once per Job
   */
  static OwnedJobs of(Collection<Job> jobs, Function<Job, JobOutcome> outcomes) {
    return new OwnedJobs(
        jobs.stream().map(job -> new OwnedJob(job, memoized(() -> outcomes.apply(job)))).toList());
  }

  Optional<OwnedJob> named(String name) {
    return jobs.stream().filter(j -> name.equals(j.name())).findFirst();
  }

  /** One run at a time per resource: a Job still running holds back any other. */
  Optional<OwnedJob> running() {
    return jobs.stream().filter(j -> !j.finished()).findFirst();
  }

  /**
   * The finished Jobs beyond the newest {@code keep}, counting the one the status names first and
   * never listing it: a resource whose inputs change often would otherwise collect a Job (and its
   * pods) per change.
   */
  List<Job> beyondHistory(int keep, String lastJob) {
    List<Job> others =
        jobs.stream()
            .filter(OwnedJob::finished)
            .map(OwnedJob::job)
            .filter(j -> !j.getMetadata().getName().equals(lastJob))
            .sorted(NEWEST_FIRST)
            .toList();
    int keepOthers = Math.max(0, keep - (lastJob == null ? 0 : 1));
    return others.subList(Math.min(keepOthers, others.size()), others.size());
  }

  /** Creation time has one-second steps; ties go to the Job changed last (its resource version). */
  private static final Comparator<Job> NEWEST_FIRST =
      Comparator.comparing(
              (Job j) -> Objects.requireNonNullElse(j.getMetadata().getCreationTimestamp(), ""))
          .thenComparingLong(OwnedJobs::resourceVersion)
          .reversed();

  private static long resourceVersion(Job job) {
    try {
      return Long.parseLong(job.getMetadata().getResourceVersion());
    } catch (NumberFormatException | NullPointerException e) {
      return 0;
    }
  }

  private static <T> Supplier<T> memoized(Supplier<T> supplier) {
    return new Supplier<>() {
      private T value;

      @Override
      public synchronized T get() {
        if (value == null) {
          value = supplier.get();
        }
        return value;
      }
    };
  }
}
