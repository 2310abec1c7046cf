package io.dbmigrate.reconcile;

import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Whether this replica reconciles, as the leader-election callbacks of {@link DbMigrateOperator}
 * set it; read through {@link DbMigrateOperator#leadership()} (the leader-election tests do).
 * Readiness does not depend on it: a standby is ready (it serves the webhook and takes over in
 * seconds).
 */
public final class Leadership {
  private final String identity;
  private final boolean elected;
  private final AtomicReference<String> holder = new AtomicReference<>();
  private volatile boolean leader;

  Leadership(String identity, boolean elected) {
    this.identity = identity;
    this.elected = elected;
  }

  /** Without election the single instance leads from the start. */
  static Leadership withoutElection() {
    Leadership leadership = new Leadership(null, false);
    leadership.leader = true;
    return leadership;
  }

  /** True while this replica holds the Lease (always true without leader election). */
  public boolean isLeader() {
    return leader;
  }

  /** Whether replicas elect a leader at all. */
  public boolean isElected() {
    return elected;
  }

  /** This replica's identity in the Lease; empty without leader election. */
  public Optional<String> identity() {
    return Optional.ofNullable(identity);
  }

  /** The identity of the replica that holds the Lease, as last observed. */
  public Optional<String> holder() {
    return elected ? Optional.ofNullable(holder.get()) : identity();
  }

  void started() {
    leader = true;
  }

  void stopped() {
    leader = false;
  }

  void observed(String newHolder) {
    holder.set(newHolder);
  }
}
