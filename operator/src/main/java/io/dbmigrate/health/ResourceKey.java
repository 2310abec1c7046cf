package io.dbmigrate.health;

/** A resource the prober watches over, by namespace and name. */
public record ResourceKey(String namespace, String name) {
  @Override
  public String toString() {
    return namespace + "/" + name;
  }
}
