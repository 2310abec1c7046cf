package io.dbmigrate.gate;

import com.fasterxml.jackson.core.JsonPointer;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * One entry of a pod's {@code dbmigrate.io/requires} annotation: the DatabaseMigration (in the
 * pod's namespace) that must be Ready, and optionally the schema version it must have reached.
 *
 * @param migration the DatabaseMigration's name
 * @param minimumVersion the version the database must be at or above, if any
 */
public record Requirement(String migration, Optional<String> minimumVersion) {
  public static final String ANNOTATION = "dbmigrate.io/requires";
  public static final String GATE_PREFIX = "dbmigrate.io/";
  public static final String GATED_LABEL = "dbmigrate.io/gated";

  /** Where {@link #GATED_LABEL} is in a pod, as a JSON Patch path: Jackson escapes the '/'. */
  public static final String GATED_LABEL_PATH =
      JsonPointer.compile("/metadata/labels").appendProperty(GATED_LABEL).toString();

  /** A DNS label: what a scheduling gate's name part allows and what resource names use. */
  private static final Pattern NAME = Pattern.compile("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?");

  private static final Pattern VERSION = Pattern.compile("[0-9]+([._][0-9]+)*");

  /** The scheduling gate that holds a pod back until this requirement is met. */
  public String gateName() {
    return GATE_PREFIX + migration;
  }

  /**
   * Parses {@code name[@version][, name[@version]…]}.
   *
   * @throws InvalidRequirementException with a message fit for an admission rejection
   */
  public static List<Requirement> parseAll(String annotation) throws InvalidRequirementException {
    if (annotation == null || annotation.isBlank()) {
      throw new InvalidRequirementException(
          ANNOTATION + " is empty: name the DatabaseMigration, e.g. shop or shop@3");
    }
    List<Requirement> requirements = new ArrayList<>();
    for (String entry : annotation.split(",")) {
      Requirement requirement = parse(entry.strip());
      if (requirements.stream().anyMatch(r -> r.migration().equals(requirement.migration()))) {
        throw new InvalidRequirementException(
            ANNOTATION + " names " + requirement.migration() + " twice");
      }
      requirements.add(requirement);
    }
    return List.copyOf(requirements);
  }

  private static Requirement parse(String entry) throws InvalidRequirementException {
    int at = entry.indexOf('@');
    String name = at < 0 ? entry : entry.substring(0, at);
    String version = at < 0 ? null : entry.substring(at + 1);
    if (!NAME.matcher(name).matches()) {
      throw new InvalidRequirementException(
          ANNOTATION
              + " entry '"
              + entry
              + "' is not a DatabaseMigration name"
              + " (lower-case letters, digits and '-', at most 63 characters); expected name or name@version");
    }
    if (version != null && !VERSION.matcher(version).matches()) {
      throw new InvalidRequirementException(
          ANNOTATION
              + " entry '"
              + entry
              + "' has an invalid version '"
              + version
              + "'; expected a version like 3 or 1.2");
    }
    return new Requirement(name, Optional.ofNullable(version));
  }

  /** Thrown for a pod the webhook must reject: its annotation, or its gate label. */
  public static final class InvalidRequirementException extends Exception {
    public InvalidRequirementException(String message) {
      super(message);
    }
  }
}
