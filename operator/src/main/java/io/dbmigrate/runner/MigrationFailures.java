package io.dbmigrate.runner;

import io.dbmigrate.config.LockPolicy;
import io.dbmigrate.db.ConnectionFailures;
import io.dbmigrate.db.ConnectionSettings;
import io.dbmigrate.db.DatabaseEngine;
import io.dbmigrate.db.SessionActivity;
import io.dbmigrate.runner.RunResult.RunError;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.internal.exception.FlywayMigrateException;
import org.flywaydb.core.internal.sqlscript.FlywaySqlScriptException;

/** Explains a failure while migrations were being applied, in the database's own words. */
final class MigrationFailures {
  static final int MAX_MESSAGE = 1536;

  /** PostgreSQL's query_canceled: what statement_timeout raises. */
  private static final String QUERY_CANCELED = "57014";

  /** MariaDB ER_STATEMENT_TIMEOUT: what max_statement_time raises. */
  private static final int MARIADB_STATEMENT_TIMEOUT = 1969;

  /** MySQL/MariaDB ER_DUP_ENTRY. */
  private static final int MYSQL_DUPLICATE_KEY = 1062;

  /** How many of the statements that ran before a failure a message quotes. */
  private static final int STATEMENTS_SHOWN = 5;

  /** Flyway's words for a placeholder without a value; the group is the placeholder as written. */
  private static final Pattern MISSING_PLACEHOLDER =
      Pattern.compile("No value provided for placeholder: (\\S+?)\\.?(\\s|$)");

  /** Flyway's parser names the file it read: "Unable to parse statement in V1__t.sql at line". */
  private static final Pattern PARSED_FILE = Pattern.compile("statement in (\\S+) at line");

  private MigrationFailures() {}

  /**
   * As {@link #explain(FlywayMigrateException)}; a statement the statement timeout cancelled says
   * which setting to raise.
   */
  static RunError explain(
      FlywayMigrateException failure, LockPolicy policy, DatabaseEngine engine) {
    RunError error = engine.isMySqlFamily() ? explainMySql(failure, engine) : explain(failure);
    SQLException database = sqlCause(failure);
    Optional<String> dialect = DialectHint.of(database, failedStatement(failure), engine);
    if (dialect.isPresent()) {
      error =
          new RunError(
              error.version(),
              error.script(),
              bounded(error.message() + ". Note: " + dialect.get()));
    }
    boolean timedOut =
        database != null
            && (QUERY_CANCELED.equals(database.getSQLState())
                || (engine.isMySqlFamily()
                    && database.getErrorCode() == MARIADB_STATEMENT_TIMEOUT));
    if (!timedOut || policy.statementTimeout().isZero()) {
      return error;
    }
    return new RunError(
        error.version(),
        error.script(),
        bounded(
            error.message()
                + ". The statement ran longer than the statement timeout of "
                + SessionActivity.describe(policy.statementTimeout())
                + ": raise spec.migrations.statementTimeout (--statement-timeout), or 0s for none"));
  }

  /** A migration failed: name it and quote the database's error, not Flyway's dump. */
  static RunError explain(FlywayMigrateException failure) {
    MigrationInfo migration = failure.getMigration();
    RunError placeholder = missingPlaceholder(failure, migration, token -> null);
    if (placeholder != null) {
      return placeholder;
    }
    String version =
        migration == null || migration.getVersion() == null
            ? null
            : migration.getVersion().getVersion();
    String script =
        migration == null || migration.getScript() == null
            ? null
            : ValidationErrors.fileName(migration.getScript());
    SQLException database = sqlCause(failure);
    String cause =
        database != null
            ? ValidationErrors.firstLine(database.getMessage())
            : ValidationErrors.firstLine(innermostMessage(failure));
    StringBuilder message = new StringBuilder("migration ");
    message.append(script == null ? "" : script + " ");
    message.append(version == null ? "(repeatable)" : "(version " + version + ")");
    message.append(" failed: ").append(cause);
    if (failure.getLineNumber() > 0) {
      message.append(" (statement at line ").append(failure.getLineNumber()).append(')');
    }
    if (failure.isExecutableInTransaction()) {
      message.append("; its transaction was rolled back, earlier migrations stay applied");
    } else if (migration != null) {
      message
          .append("; it ran outside a transaction, so what it did before the failure stays and")
          .append(" it is recorded as failed. Finish or undo that by hand (repair does not), then ")
          .append(ValidationErrors.repairStep())
          .append(", and run again");
    }
    return new RunError(version, script, bounded(message.toString()));
  }

  /**
   * On MySQL/MariaDB DDL commits implicitly, whatever Flyway's transaction: a failing migration
   * keeps what its earlier statements did, and Flyway records it as failed. The message quotes
   * those statements (from the file, up to the line the database failed at) and the way out.
   */
  private static RunError explainMySql(FlywayMigrateException failure, DatabaseEngine engine) {
    RunError error = explain(failure);
    String message = error.message();
    int rolledBack = message.indexOf("; its transaction was rolled back");
    if (rolledBack >= 0) {
      message = message.substring(0, rolledBack);
    }
    int outside = message.indexOf("; it ran outside a transaction");
    if (outside >= 0) {
      message = message.substring(0, outside);
    }
    if (failure.getMigration() == null) {
      return error;
    }
    List<String> ran = statementsBefore(failure.getMigration(), failure.getLineNumber());
    StringBuilder text =
        new StringBuilder(message)
            .append("; on ")
            .append(engine.displayName())
            .append(" DDL commits implicitly, so nothing was rolled back");
    if (failure.getLineNumber() > 0 && ran.isEmpty()) {
      text.append(": no statement of the file ran before the failing one");
    } else if (!ran.isEmpty()) {
      text.append(": ")
          .append(ran.size() == 1 ? "the statement" : ran.size() + " statements")
          .append(" before line ")
          .append(failure.getLineNumber())
          .append(ran.size() == 1 ? " ran and stays applied (" : " ran and stay applied (")
          .append(String.join("; ", ran.subList(0, Math.min(STATEMENTS_SHOWN, ran.size()))))
          .append(ran.size() > STATEMENTS_SHOWN ? "; …" : "")
          .append(")");
    } else {
      text.append(": what the file did before the failure stays applied");
    }
    text.append(", and it is recorded as failed. Undo or finish that by hand (repair does not), ")
        .append("then ")
        .append(ValidationErrors.repairStep())
        .append(", and run again");
    return new RunError(error.version(), error.script(), bounded(text.toString()));
  }

  /**
   * The statements of a migration's file before {@code line}, each by its first line: those ran
   * when the statement at {@code line} failed. Empty when the file cannot be read.
   */
  static List<String> statementsBefore(MigrationInfo migration, int line) {
    String location = migration.getPhysicalLocation();
    if (line <= 1 || location == null || location.isEmpty()) {
      return List.of();
    }
    List<String> lines;
    try {
      lines = Files.readAllLines(Path.of(location));
    } catch (IOException | RuntimeException unreadable) {
      return List.of();
    }
    List<String> statements = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    for (String text : lines.subList(0, Math.min(line - 1, lines.size()))) {
      String code = text.strip();
      if (code.isEmpty() || code.startsWith("--")) {
        continue;
      }
      if (current.length() == 0) {
        current.append(code.length() <= 80 ? code : code.substring(0, 79) + "…");
      }
      if (code.endsWith(";")) {
        String statement = current.toString();
        statements.add(
            statement.endsWith(";") ? statement.substring(0, statement.length() - 1) : statement);
        current.setLength(0);
      }
    }
    return statements;
  }

  /** Anything else Flyway refused: a lost connection, a lock, a configuration problem. */
  static RunError explain(FlywayException failure, ConnectionSettings settings) {
    return explain(failure, settings, null);
  }

  /**
   * As {@link #explain(FlywayException, ConnectionSettings, MigrationInfo)}, when the sources are
   * at hand: a placeholder missing from a repeatable migration is found as its checksum is taken,
   * and Flyway does not say in which file, so the first file that uses it is named.
   */
  static RunError explainReading(
      FlywayException failure,
      ConnectionSettings settings,
      MigrationSources sources,
      MigrationInfo running) {
    return explain(failure, settings, running, sources::firstFileContaining);
  }

  /**
   * As above; {@code running} is the migration that had started when Flyway stopped, if any.
   * Flyway's details follow its first line (the offending file names, both files of a duplicate
   * version): they are kept, on one line and bounded.
   */
  static RunError explain(
      FlywayException failure, ConnectionSettings settings, MigrationInfo running) {
    return explain(failure, settings, running, token -> null);
  }

  /**
   * @param fileUsing the file that contains a text, if it can be known
   */
  private static RunError explain(
      FlywayException failure,
      ConnectionSettings settings,
      MigrationInfo running,
      UnaryOperator<String> fileUsing) {
    RunError placeholder = missingPlaceholder(failure, running, fileUsing);
    if (placeholder != null) {
      return placeholder;
    }
    SQLException database = sqlCause(failure);
    if (database != null
        && database.getSQLState() != null
        && database.getSQLState().startsWith("08")) {
      // The run's own connection was open already: the server there speaks the engine's protocol.
      return RunError.of(ConnectionFailures.explainInUse(database, settings));
    }
    String cause = oneLine(database != null ? database.getMessage() : failure.getMessage());
    if (cause.contains("but no schema history table")) {
      cause = noHistory(cause);
    }
    if (cause.contains("non-transactional statements")) {
      cause +=
          "; put statements that cannot run in a transaction (CREATE INDEX CONCURRENTLY, VACUUM, ...)"
              + " in a migration of their own";
    }
    if (running == null) {
      return RunError.of(bounded(cause));
    }
    String version = running.getVersion() == null ? null : running.getVersion().getVersion();
    String script = ValidationErrors.fileName(running.getScript());
    return new RunError(
        version,
        script,
        bounded(
            "migration "
                + script
                + " "
                + (version == null ? "(repeatable)" : "(version " + version + ")")
                + " failed: "
                + cause));
  }

  /**
   * Flyway's "Unable to parse statement in V1__t.sql … No value provided for placeholder:
   * ${tableName}" as which file needs which placeholder and how to give it; null for any other
   * failure.
   */
  private static RunError missingPlaceholder(
      Throwable failure, MigrationInfo migration, UnaryOperator<String> fileUsing) {
    for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
      Matcher missing =
          MISSING_PLACEHOLDER.matcher(cause.getMessage() == null ? "" : cause.getMessage());
      if (missing.find()) {
        String name = missing.group(1).replaceAll("^[^A-Za-z0-9_.:-]+|[^A-Za-z0-9_.:-]+$", "");
        String script = scriptIn(failure, migration);
        if (script == null) {
          script = fileUsing.apply(missing.group(1));
        }
        String version =
            migration == null || migration.getVersion() == null
                ? null
                : migration.getVersion().getVersion();
        return new RunError(
            version,
            script,
            (script == null ? "a migration" : script)
                + " needs placeholder "
                + missing.group(1)
                + ": give it with --placeholder "
                + name
                + "=VALUE (spec.flyway.placeholders in the cluster)");
      }
      if (cause.getCause() == cause) {
        break;
      }
    }
    return null;
  }

  /** The migration's file name, from Flyway's record of it or else from its parser's message. */
  private static String scriptIn(Throwable failure, MigrationInfo migration) {
    if (migration != null && migration.getScript() != null) {
      return ValidationErrors.fileName(migration.getScript());
    }
    for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
      Matcher file = PARSED_FILE.matcher(cause.getMessage() == null ? "" : cause.getMessage());
      if (file.find()) {
        return ValidationErrors.fileName(file.group(1));
      }
      if (cause.getCause() == cause) {
        break;
      }
    }
    return null;
  }

  /**
   * Flyway refuses to migrate a schema that has objects but no history, and names its own API as
   * the way out: say which command (or setting) records what the objects are.
   */
  private static String noHistory(String flywayMessage) {
    Matcher schemas = Pattern.compile("non-empty schema\\(s\\) (.+?) but").matcher(flywayMessage);
    return objectsWithoutHistory(schemas.find() ? schemas.group(1) : "the schema");
  }

  /** What to do with a schema that has objects but no schema history: the plan says it too. */
  static String objectsWithoutHistory(String which) {
    return which
        + " has objects but no schema history table, so it is unknown which migrations they"
        + " stand for. If they are what the migrations up to version V created, record that with"
        + " dbmigrate baseline --version V (or the Flyway settings baselineOnMigrate=true and"
        + " baselineVersion=V), and runs apply only the migrations above V; otherwise migrate an"
        + " empty schema";
  }

  /** Leaves room in the 4 KiB termination message for the rest of the result. */
  static String bounded(String message) {
    return message.length() <= MAX_MESSAGE ? message : message.substring(0, MAX_MESSAGE - 1) + "…";
  }

  /**
   * A seed file failed. Seeds run again whenever a file changes, on databases that may already hold
   * the rows, so the usual cause is a plain INSERT: the hint says how to make it idempotent.
   */
  static String explainSeed(String seed, String file, SQLException failure, DatabaseEngine engine) {
    String cause = oneLine(failure.getMessage());
    String hint;
    if (engine.isMySqlFamily()) {
      hint =
          failure.getErrorCode() == MYSQL_DUPLICATE_KEY
              ? "a row already exists: make the seed idempotent, e.g. INSERT … ON DUPLICATE KEY UPDATE …"
              : "fix the file; seeds must be idempotent (INSERT … ON DUPLICATE KEY UPDATE …)";
    } else {
      hint =
          "23505".equals(failure.getSQLState())
              ? "a row already exists: make the seed idempotent, e.g. INSERT … ON CONFLICT (key) DO UPDATE SET … or MERGE"
              : "fix the file; seeds must be idempotent (INSERT … ON CONFLICT … DO UPDATE, MERGE)";
    }
    String rolledBack =
        engine.isMySqlFamily()
            ? "; this file's data changes were rolled back (DDL in it commits implicitly on "
                + engine.displayName()
                + " and stays), the migrations and earlier seed files stay applied. "
            : "; this file was rolled back, the migrations and earlier seed files stay applied. ";
    return "seed " + seed + " failed in " + file + ": " + cause + rolledBack + hint;
  }

  /** The database's message with its Detail and Hint lines joined: they say which row and why. */
  private static String oneLine(String text) {
    return text == null ? "" : text.strip().replaceAll("\\s*\\R\\s*", " ");
  }

  /** The text of the statement that failed, as Flyway parsed it from the file; null if unknown. */
  private static String failedStatement(Throwable failure) {
    for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
      if (cause instanceof FlywaySqlScriptException script) {
        return script.getStatement();
      }
      if (cause.getCause() == cause) {
        break;
      }
    }
    return null;
  }

  private static SQLException sqlCause(Throwable failure) {
    for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
      if (cause instanceof SQLException sql) {
        return sql;
      }
      if (cause.getCause() == cause) {
        break;
      }
    }
    return null;
  }

  private static String innermostMessage(Throwable failure) {
    Throwable innermost = failure;
    while (innermost.getCause() != null && innermost.getCause() != innermost) {
      innermost = innermost.getCause();
    }
    return innermost.getMessage() == null ? failure.getMessage() : innermost.getMessage();
  }
}
