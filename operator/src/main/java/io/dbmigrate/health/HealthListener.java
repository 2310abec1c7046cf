package io.dbmigrate.health;

/** The prober's view of whoever registered resources with it (the reconciler). */
public interface HealthListener {
  /** The health of this resource changed, or its report interval passed: report it. */
  void healthChanged(ResourceKey key);

  /**
   * Whether the resource still exists; a deleted resource stops being probed and frees its pool.
   */
  default boolean stillWanted(ResourceKey key) {
    return true;
  }
}
