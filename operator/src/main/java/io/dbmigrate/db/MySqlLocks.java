package io.dbmigrate.db;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * MySQL/MariaDB locks in words, from what their process list and InnoDB views show: the SQL-free
 * half of {@link MySqlLockWaits}.
 */
final class MySqlLocks {
  /**
   * The process-list state of a statement behind an open transaction: what DDL usually waits on.
   */
  static final String TABLE_METADATA_LOCK = "Waiting for table metadata lock";

  /** An identifier as written: `a b`, "a", a, or one of them qualified by another. */
  private static final String NAME = "(?:`(?:[^`]|``)+`|\"[^\"]+\"|[\\w$]+)";

  /** The table a DDL statement names: what its metadata lock is on. */
  private static final Pattern DDL_TABLE =
      Pattern.compile(
          "(?is)^\\s*(?:/\\*.*?\\*/\\s*)*(?:"
              + "ALTER\\s+(?:ONLINE\\s+)?(?:IGNORE\\s+)?TABLE(?:\\s+IF\\s+EXISTS)?"
              + "|DROP\\s+(?:TEMPORARY\\s+)?TABLE(?:\\s+IF\\s+EXISTS)?"
              + "|TRUNCATE(?:\\s+TABLE)?|RENAME\\s+TABLE|OPTIMIZE\\s+(?:\\w+\\s+)?TABLE"
              + "|LOCK\\s+TABLES?"
              + "|CREATE\\s+(?:OR\\s+REPLACE\\s+)?(?:ONLINE\\s+)?(?:UNIQUE\\s+|FULLTEXT\\s+|SPATIAL\\s+)?"
              + "INDEX\\s+(?:IF\\s+NOT\\s+EXISTS\\s+)?"
              + NAME
              + "\\s+ON"
              + "|DROP\\s+INDEX\\s+(?:IF\\s+EXISTS\\s+)?"
              + NAME
              + "\\s+ON"
              + ")\\s+("
              + NAME
              + "(?:\\s*\\.\\s*"
              + NAME
              + ")?)");

  private MySqlLocks() {}

  /** A table, its schema null when the statement left it to the session's database. */
  record Table(String schema, String name) {
    /** {@code orders}, or {@code shop.orders} when it is not in {@code database}. */
    String describe(String database) {
      return schema == null || schema.equals(database) ? name : schema + "." + name;
    }

    /** {@code `shop`.`orders`} as InnoDB names a locked table, or a name as a statement has it. */
    static Table parse(String qualified) {
      Matcher part = Pattern.compile(NAME).matcher(qualified);
      String first = part.find() ? unquote(part.group()) : qualified;
      return part.find() ? new Table(first, unquote(part.group())) : new Table(null, first);
    }
  }

  /** Whether a process-list state is a wait for a lock of the server's (not InnoDB's row locks). */
  static boolean isLockWait(String state) {
    return state != null && state.startsWith("Waiting for ") && state.endsWith(" lock");
  }

  /** Whether the wait is for a metadata lock, which a transaction keeps until it ends. */
  static boolean isMetadataLockWait(String state) {
    return isLockWait(state) && state.endsWith(" metadata lock");
  }

  /** The table a waiting DDL statement is about, or null when it names none we know of. */
  static Table tableOf(String statement) {
    if (statement == null) {
      return null;
    }
    Matcher table = DDL_TABLE.matcher(statement);
    return table.find() ? Table.parse(table.group(1)) : null;
  }

  /**
   * {@code a metadata lock on table orders}, {@code a global read lock}, ...
   *
   * @param table what the lock is on, or null when unknown
   * @param database the waiting session's database
   */
  static String lockName(String state, Table table, String database) {
    if (TABLE_METADATA_LOCK.equals(state) && table != null) {
      return "a metadata lock on table " + table.describe(database);
    }
    return "a " + state.substring("Waiting for ".length());
  }

  /** {@code a lock on a row of table orders}, from InnoDB's lock type and table. */
  static String rowLockName(String lockType, Table table, String database) {
    String on = table == null ? "a table" : "table " + table.describe(database);
    return "RECORD".equalsIgnoreCase(lockType) ? "a lock on a row of " + on : "a lock on " + on;
  }

  /** The state of a holder as PostgreSQL words it: {@code idle in transaction}, {@code active}. */
  static String state(String command, boolean inTransaction) {
    if (command == null) {
      return inTransaction ? "in a transaction" : "unknown";
    }
    return switch (command) {
      case "Sleep" -> inTransaction ? "idle in transaction" : "idle";
      case "Query", "Execute" -> "active";
      case "Killed" -> "being killed";
      default -> command.toLowerCase(Locale.ROOT);
    };
  }

  /** Why the holder cannot be seen: the user lacks the privilege that shows other sessions. */
  static String hiddenHolder(boolean mariaDb) {
    return mariaDb
        ? "the session holding it is hidden: without the PROCESS privilege MariaDB shows a user"
            + " only its own sessions; grant PROCESS to the migration user to see it"
        : "the session holding it is hidden: without the PROCESS privilege and SELECT on"
            + " performance_schema MySQL shows a user only its own sessions; grant them to the"
            + " migration user to see it";
  }

  /** The server names no holder for this kind of lock. */
  static String unnamedHolder(boolean mariaDb) {
    return (mariaDb ? "MariaDB" : "MySQL") + " does not say which session holds it";
  }

  private static String unquote(String name) {
    if (name.length() >= 2 && name.startsWith("`") && name.endsWith("`")) {
      return name.substring(1, name.length() - 1).replace("``", "`");
    }
    if (name.length() >= 2 && name.startsWith("\"") && name.endsWith("\"")) {
      return name.substring(1, name.length() - 1);
    }
    return name;
  }
}
