package io.dbmigrate.reconcile;

import io.dbmigrate.api.DatabaseMigration;
import io.dbmigrate.health.HealthListener;
import io.dbmigrate.health.ResourceKey;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.Cache;
import io.javaoperatorsdk.operator.processing.event.source.inbound.SimpleInboundEventSource;

/**
 * Turns the prober's news into reconciles: the reconciler stays the one writer of the status, and
 * merges the latest health into what it computes. Also tells the prober which resources still
 * exist, so a deleted resource stops being probed without a finalizer on every resource.
 */
final class HealthEvents extends SimpleInboundEventSource<DatabaseMigration>
    implements HealthListener {
  static final String NAME = "health";

  private volatile Cache<DatabaseMigration> primaries;

  HealthEvents() {
    super(NAME);
  }

  /** The operator's cache of resources; set once the controller's event sources are prepared. */
  void watch(Cache<DatabaseMigration> primaries) {
    this.primaries = primaries;
  }

  @Override
  public void healthChanged(ResourceKey key) {
    if (isRunning()) {
      propagateEvent(new ResourceID(key.name(), key.namespace()));
    }
  }

  @Override
  public boolean stillWanted(ResourceKey key) {
    Cache<DatabaseMigration> cache = primaries;
    return cache == null || cache.contains(new ResourceID(key.name(), key.namespace()));
  }
}
