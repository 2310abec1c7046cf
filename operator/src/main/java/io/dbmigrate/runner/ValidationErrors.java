package io.dbmigrate.runner;

import io.dbmigrate.runner.RunResult.RunError;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;
import org.flywaydb.core.api.CoreErrorCode;
import org.flywaydb.core.api.ErrorCode;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.output.ValidateOutput;
import org.flywaydb.core.api.output.ValidateResult;

/**
 * Turns Flyway's validation findings into one message that says what is wrong and what to do.
 * Flyway's own text is a multi-line dump aimed at Flyway users; ours names the file and the fix.
 */
final class ValidationErrors {
  /** Kinds of finding, most important first: the message is about the first kind found. */
  enum Kind {
    FAILED_EARLIER,
    AHEAD,
    CHANGED,
    RENAMED,
    NOT_APPLIED,
    OTHER
  }

  record Finding(Kind kind, String version, String script, String flywayMessage) {}

  private ValidationErrors() {}

  static RunError explain(ValidateResult result, List<MigrationInfo> migrations) {
    List<Finding> findings = findings(result, migrations);
    if (findings.isEmpty()) {
      return RunError.of(unspecific(result));
    }
    Kind kind = findings.stream().map(Finding::kind).min(Comparator.naturalOrder()).orElseThrow();
    List<Finding> ofKind = findings.stream().filter(f -> f.kind() == kind).toList();
    Finding first = ofKind.get(0);
    String message = message(kind, ofKind, newestApplied(migrations));
    return ofKind.size() == 1
        ? new RunError(first.version(), first.script(), message)
        : RunError.of(message);
  }

  /** Every kind of finding, most important first, one message each: what a plan lists. */
  static List<String> problems(ValidateResult result, List<MigrationInfo> migrations) {
    List<Finding> findings = findings(result, migrations);
    if (findings.isEmpty()) {
      return List.of(unspecific(result));
    }
    Map<Kind, List<Finding>> byKind =
        findings.stream()
            .collect(
                Collectors.groupingBy(
                    Finding::kind, () -> new java.util.EnumMap<>(Kind.class), Collectors.toList()));
    String newest = newestApplied(migrations);
    return byKind.entrySet().stream().map(e -> message(e.getKey(), e.getValue(), newest)).toList();
  }

  /**
   * What clears an entry from the schema history or realigns it: the CLI's command, or the
   * annotation that makes the operator run it.
   */
  static final String REPAIR =
      "dbmigrate repair (for a DatabaseMigration: the annotation"
          + " dbmigrate.io/repair-requested=<token>)";

  /**
   * A migration left as failed in the history by an earlier run. Flyway will not run past a failed
   * entry; repair removes it, but what the migration did stays.
   */
  static String failedEarlier(String version, String script) {
    return name(version, script)
        + " failed in an earlier run and is recorded as failed in the schema"
        + " history; the database may be partly changed. Finish or undo by hand what the"
        + " migration did (repair does not), then "
        + repairStep()
        + ", and run again";
  }

  /** How to clear a failed entry from the history. */
  static String repairStep() {
    return "clear the failed entry with " + REPAIR;
  }

  private static List<Finding> findings(ValidateResult result, List<MigrationInfo> migrations) {
    List<Finding> findings = new ArrayList<>();
    for (ValidateOutput invalid : result.invalidMigrations) {
      findings.add(finding(invalid, migrations));
    }
    return findings;
  }

  private static String unspecific(ValidateResult result) {
    String message =
        result.errorDetails == null ? "validation failed" : result.errorDetails.errorMessage;
    return "the migrations do not match the database: " + firstLine(message);
  }

  /**
   * @param newest the newest version applied in the database, null if unknown
   */
  private static String message(Kind kind, List<Finding> ofKind, String newest) {
    Finding first = ofKind.get(0);
    return switch (kind) {
      case FAILED_EARLIER -> failedEarlier(first.version(), first.script());
      case AHEAD ->
          "the database is ahead of these sources: "
              + list(ofKind)
              + (ofKind.size() == 1 ? " is" : " are")
              + " applied in the database but missing from the migrations;"
              + " deploy sources that contain "
              + (ofKind.size() == 1 ? "it" : "them")
              + ", or restore the missing files";
      case CHANGED ->
          name(first)
              + " was changed after it was applied (its checksum differs from the one"
              + " recorded in the database); restore the file as it was applied, and put the change in a new"
              + " migration. If the edit changes nothing in the database (a comment, say), accept it"
              + " with "
              + REPAIR
              + ": it realigns the recorded checksum and applies nothing";
      case RENAMED ->
          name(first)
              + " was renamed or retyped after it was applied; restore its original file"
              + " name, and put changes in a new migration";
      case NOT_APPLIED ->
          name(first)
              + " is older than the newest applied version "
              + (newest == null ? "" : newest + " ")
              + "and was never applied: apply it with --out-of-order (spec.flyway.outOfOrder: true),"
              + " or give it a version above "
              + (newest == null ? "the newest applied one" : newest);
      case OTHER -> "the migrations do not match the database: " + firstLine(first.flywayMessage());
    };
  }

  private static String newestApplied(List<MigrationInfo> migrations) {
    return migrations.stream()
        .filter(m -> m.getVersion() != null && m.getState().isApplied())
        .map(MigrationInfo::getVersion)
        .max(Comparator.naturalOrder())
        .map(version -> version.getVersion())
        .orElse(null);
  }

  private static Finding finding(ValidateOutput invalid, List<MigrationInfo> migrations) {
    ErrorCode code = invalid.errorDetails == null ? null : invalid.errorDetails.errorCode;
    String flywayMessage = invalid.errorDetails == null ? "" : invalid.errorDetails.errorMessage;
    String version = blankToNull(invalid.version);
    String script = scriptOf(invalid, migrations);
    return new Finding(kindOf(code), version, script, flywayMessage);
  }

  private static Kind kindOf(ErrorCode code) {
    if (!(code instanceof CoreErrorCode core)) {
      return Kind.OTHER;
    }
    return switch (core) {
      case FAILED_VERSIONED_MIGRATION, FAILED_REPEATABLE_MIGRATION -> Kind.FAILED_EARLIER;
      case APPLIED_VERSIONED_MIGRATION_NOT_RESOLVED, APPLIED_REPEATABLE_MIGRATION_NOT_RESOLVED ->
          Kind.AHEAD;
      case CHECKSUM_MISMATCH -> Kind.CHANGED;
      case DESCRIPTION_MISMATCH, TYPE_MISMATCH -> Kind.RENAMED;
      case RESOLVED_VERSIONED_MIGRATION_NOT_APPLIED -> Kind.NOT_APPLIED;
      default -> Kind.OTHER;
    };
  }

  /** The file name: from the sources if Flyway has one, else from the schema history. */
  private static String scriptOf(ValidateOutput invalid, List<MigrationInfo> migrations) {
    String path = blankToNull(invalid.filepath);
    if (path != null) {
      return fileName(path);
    }
    String version = blankToNull(invalid.version);
    return migrations.stream()
        .filter(
            m ->
                version == null
                    ? m.getVersion() == null
                        && Objects.equals(m.getDescription(), invalid.description)
                    : m.getVersion() != null && m.getVersion().getVersion().equals(version))
        .map(MigrationInfo::getScript)
        .filter(Objects::nonNull)
        .map(ValidationErrors::fileName)
        .findFirst()
        .orElse(null);
  }

  private static String name(Finding finding) {
    return name(finding.version(), finding.script());
  }

  private static String name(String version, String script) {
    String file = script == null ? "" : script + " ";
    return version == null
        ? "repeatable migration " + file.strip()
        : "migration " + file + "(version " + version + ")";
  }

  private static String list(List<Finding> findings) {
    Map<Boolean, List<Finding>> byVersioned =
        findings.stream().collect(Collectors.partitioningBy(f -> f.version() != null));
    List<String> parts = new ArrayList<>();
    List<Finding> versioned = byVersioned.get(true);
    if (!versioned.isEmpty()) {
      parts.add(
          (versioned.size() == 1 ? "version " : "versions ")
              + versioned.stream().map(Finding::version).collect(Collectors.joining(", "))
              + scripts(versioned));
    }
    for (Finding repeatable : byVersioned.get(false)) {
      parts.add("repeatable migration " + repeatable.script());
    }
    return String.join(" and ", parts);
  }

  private static String scripts(List<Finding> findings) {
    String names =
        findings.stream()
            .map(Finding::script)
            .filter(Objects::nonNull)
            .collect(Collectors.joining(", "));
    return names.isEmpty() ? "" : " (" + names + ")";
  }

  static String fileName(String path) {
    int slash = Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\'));
    return slash < 0 ? path : path.substring(slash + 1);
  }

  static String firstLine(String text) {
    if (text == null) {
      return "";
    }
    String stripped = text.strip();
    int newline = stripped.indexOf('\n');
    return (newline < 0 ? stripped : stripped.substring(0, newline)).strip();
  }

  private static String blankToNull(String text) {
    return text == null || text.isBlank() ? null : text;
  }
}
