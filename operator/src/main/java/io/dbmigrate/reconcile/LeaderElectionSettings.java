package io.dbmigrate.reconcile;

import java.time.Duration;
import java.util.Objects;

/**
 * How operator replicas agree on which one reconciles: a Kubernetes Lease, held by one replica and
 * renewed while it runs. The others keep their caches warm and take over when the holder stops
 * renewing.
 *
 * @param enabled false for a single instance run by hand; two instances without election would both
 *     reconcile (Job names are deterministic, so no input runs twice, but both would write status
 *     and Events)
 * @param leaseName the Lease's name
 * @param leaseNamespace where the Lease lives, normally the operator's own namespace
 * @param identity this replica's name in the Lease, normally the pod name
 * @param leaseDuration how long a standby waits after the last renewal before taking over
 * @param renewDeadline how long the leader keeps trying to renew before it gives up the lead
 * @param retryPeriod how often every replica tries to acquire or renew
 */
public record LeaderElectionSettings(
    boolean enabled,
    String leaseName,
    String leaseNamespace,
    String identity,
    Duration leaseDuration,
    Duration renewDeadline,
    Duration retryPeriod) {
  public static final String LEASE_NAME = "dbmigrate-operator";
  // The usual Kubernetes controller timings (kube-controller-manager's defaults).
  public static final Duration LEASE_DURATION = Duration.ofSeconds(15);
  public static final Duration RENEW_DEADLINE = Duration.ofSeconds(10);
  public static final Duration RETRY_PERIOD = Duration.ofSeconds(2);

  public LeaderElectionSettings {
    if (enabled) {
      requireText(leaseName, "the lease name");
      requireText(leaseNamespace, "the lease namespace");
      requireText(identity, "the replica's identity");
      Objects.requireNonNull(leaseDuration, "leaseDuration");
      Objects.requireNonNull(renewDeadline, "renewDeadline");
      Objects.requireNonNull(retryPeriod, "retryPeriod");
      if (renewDeadline.compareTo(leaseDuration) >= 0
          || retryPeriod.compareTo(renewDeadline) >= 0) {
        throw new IllegalArgumentException(
            "leader election needs retry period < renew deadline < lease duration, got "
                + retryPeriod
                + ", "
                + renewDeadline
                + ", "
                + leaseDuration);
      }
    }
  }

  /** Every instance reconciles; for one instance run by hand. */
  public static LeaderElectionSettings disabled() {
    return new LeaderElectionSettings(
        false, LEASE_NAME, null, null, LEASE_DURATION, RENEW_DEADLINE, RETRY_PERIOD);
  }

  /** The Lease {@value #LEASE_NAME} in the given namespace, with the default timings. */
  public static LeaderElectionSettings enabled(String leaseNamespace, String identity) {
    return new LeaderElectionSettings(
        true, LEASE_NAME, leaseNamespace, identity, LEASE_DURATION, RENEW_DEADLINE, RETRY_PERIOD);
  }

  public LeaderElectionSettings withTimings(
      Duration leaseDuration, Duration renewDeadline, Duration retryPeriod) {
    return new LeaderElectionSettings(
        enabled, leaseName, leaseNamespace, identity, leaseDuration, renewDeadline, retryPeriod);
  }

  private static void requireText(String value, String what) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException("leader election needs " + what);
    }
  }
}
