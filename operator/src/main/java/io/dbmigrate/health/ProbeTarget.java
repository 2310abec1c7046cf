package io.dbmigrate.health;

import io.dbmigrate.config.FlywaySettings;
import io.dbmigrate.db.ConnectionSettings;
import java.util.List;
import java.util.SortedMap;

/**
 * What to probe for one resource.
 *
 * @param sources migration files, one map (file name to content) per source; empty for no
 *     migrations check
 * @param target the migrations target ({@code latest} or a version)
 * @param revision changes whenever the schema may have changed (new sources, a finished run): the
 *     expensive migrations check then runs at the next probe instead of waiting for its interval
 * @param flyway the resource's Flyway settings as written in its spec (history table, schemas,
 *     naming), for the migrations check
 * @param runSession the name the running Job gives its migration session (the application_name
 *     prefix on PostgreSQL, the user-lock prefix on MySQL/MariaDB), or null when no migration runs:
 *     while set, the session is watched (which migration, which lock)
 */
public record ProbeTarget(
    ResourceKey key,
    ConnectionSettings settings,
    HealthTiming timing,
    List<SortedMap<String, String>> sources,
    String target,
    String revision,
    FlywaySettings flyway,
    String runSession) {
  public ProbeTarget {
    sources = List.copyOf(sources);
  }

  @Override
  public String toString() {
    return "ProbeTarget["
        + key
        + ", "
        + settings
        + ", "
        + timing
        + ", revision "
        + revision
        + (runSession == null ? "" : ", watching " + runSession)
        + "]";
  }
}
