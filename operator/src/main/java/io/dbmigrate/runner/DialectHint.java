package io.dbmigrate.runner;

import io.dbmigrate.db.DatabaseEngine;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Notices a migration written for the other engine: a syntax error on PostgreSQL over {@code
 * AUTO_INCREMENT}, or on MariaDB over a {@code ::} cast, says only "syntax error at or near". The
 * failing statement's tell-tale words say what happened. Only syntax errors (and PostgreSQL's and
 * MariaDB's unknown types, where {@code TINYINT} or {@code TIMESTAMPTZ} land) are looked at, and
 * only whole words and unambiguous tokens count, so a statement that merely mentions one is not
 * misread.
 */
final class DialectHint {
  /** PostgreSQL: syntax_error, undefined_object (type "tinyint" does not exist). */
  private static final List<String> POSTGRESQL_STATES = List.of("42601", "42704");

  /** MySQL/MariaDB ER_PARSE_ERROR, and MariaDB's ER_UNKNOWN_DATA_TYPE (timestamptz, jsonb). */
  private static final List<Integer> MYSQL_ERRORS = List.of(1064, 4161);

  private static final Pattern MYSQL_ONLY =
      Pattern.compile(
          "(?i)(`|\\bAUTO_INCREMENT\\b|\\bENGINE\\s*=|\\bUNSIGNED\\b|\\bTINYINT\\b|\\bMEDIUMINT\\b"
              + "|\\b(?:TINY|MEDIUM|LONG)TEXT\\b|\\bDATETIME\\b|\\bDEFAULT\\s+CHARSET\\b"
              + "|\\bINSERT\\s+IGNORE\\b|\\bON\\s+DUPLICATE\\s+KEY\\b|\\bREPLACE\\s+INTO\\b)");

  private static final Pattern POSTGRESQL_ONLY =
      Pattern.compile(
          "(?i)(::\\s*[a-z]|\\$\\$|\\bBIGSERIAL\\b|\\bTIMESTAMPTZ\\b|\\bJSONB\\b|\\bBYTEA\\b"
              + "|\\bCONCURRENTLY\\b|\\bILIKE\\b|\\bON\\s+CONFLICT\\b|\\bCREATE\\s+EXTENSION\\b"
              + "|\\bCOMMENT\\s+ON\\b|\\bGENERATED\\s+(?:ALWAYS|BY\\s+DEFAULT)\\s+AS\\s+IDENTITY\\b)");

  private DialectHint() {}

  /**
   * {@code this looks like MySQL/MariaDB syntax (AUTO_INCREMENT), but the database is PostgreSQL:
   * …}, or empty when the failure is not a syntax error or the statement shows no other dialect.
   */
  static Optional<String> of(SQLException failure, String statement, DatabaseEngine engine) {
    if (failure == null || statement == null) {
      return Optional.empty();
    }
    boolean syntax =
        engine.isMySqlFamily()
            ? MYSQL_ERRORS.contains(failure.getErrorCode())
            : POSTGRESQL_STATES.contains(failure.getSQLState());
    if (!syntax) {
      return Optional.empty();
    }
    Matcher other = (engine.isMySqlFamily() ? POSTGRESQL_ONLY : MYSQL_ONLY).matcher(statement);
    if (!other.find()) {
      return Optional.empty();
    }
    String token = other.group(1).strip().replaceAll("\\s+", " ");
    return Optional.of(
        "this looks like "
            + (engine.isMySqlFamily() ? "PostgreSQL" : "MySQL/MariaDB")
            + " syntax ("
            + (token.startsWith("::") ? "::" : token.toUpperCase(java.util.Locale.ROOT))
            + "), but the database is "
            + engine.displayName()
            + ": write the migration for "
            + engine.displayName()
            + ", or check that the URL points at the intended database");
  }
}
