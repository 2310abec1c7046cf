package io.dbmigrate.runner;

import java.util.List;

/**
 * What a run would do with one seed.
 *
 * @param name the seed's name
 * @param skipped the seed is not for the plan's environment
 * @param files the new or changed files that would be applied, in order
 */
public record SeedPlan(String name, boolean skipped, List<String> files) {
  public SeedPlan {
    files = files == null ? List.of() : List.copyOf(files);
  }
}
