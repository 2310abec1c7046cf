package io.dbmigrate.db;

import static org.assertj.core.api.Assertions.assertThat;

import io.dbmigrate.db.MySqlLocks.Table;
import io.dbmigrate.db.SessionActivity.Holder;
import io.dbmigrate.db.SessionActivity.LockWait;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MySqlLocksTest {
  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "ALTER TABLE orders ADD COLUMN note text|orders",
        "alter online ignore table `shop`.`order lines` drop column x|shop.order lines",
        "/* flyway */ DROP TABLE IF EXISTS orders|orders",
        "TRUNCATE orders|orders",
        "RENAME TABLE orders TO old_orders|orders",
        "CREATE UNIQUE INDEX orders_customer ON orders (customer)|orders",
        "DROP INDEX orders_customer ON app.orders|app.orders",
        "OPTIMIZE TABLE \"orders\"|orders",
      })
  void aWaitingDdlStatementNamesItsTable(String statement, String table) {
    assertThat(MySqlLocks.tableOf(statement).describe("db")).isEqualTo(table);
  }

  @Test
  void aTableOfTheSessionsOwnDatabaseIsNamedWithoutIt() {
    assertThat(MySqlLocks.tableOf("ALTER TABLE shop.orders ADD x int").describe("shop"))
        .isEqualTo("orders");
    assertThat(Table.parse("`shop`.`orders`")).isEqualTo(new Table("shop", "orders"));
    assertThat(MySqlLocks.tableOf("INSERT INTO orders VALUES (1)")).isNull();
    assertThat(MySqlLocks.tableOf(null)).isNull();
  }

  @Test
  void processListStatesReadAsTheLockTheyWaitFor() {
    Table orders = new Table(null, "orders");
    assertThat(MySqlLocks.lockName(MySqlLocks.TABLE_METADATA_LOCK, orders, "shop"))
        .isEqualTo("a metadata lock on table orders");
    assertThat(MySqlLocks.lockName(MySqlLocks.TABLE_METADATA_LOCK, null, "shop"))
        .isEqualTo("a table metadata lock");
    assertThat(MySqlLocks.lockName("Waiting for global read lock", null, "shop"))
        .isEqualTo("a global read lock");
    assertThat(MySqlLocks.isLockWait("Waiting for global read lock")).isTrue();
    assertThat(MySqlLocks.isMetadataLockWait("Waiting for global read lock")).isFalse();
    assertThat(MySqlLocks.isMetadataLockWait("Waiting for schema metadata lock")).isTrue();
    assertThat(MySqlLocks.isLockWait("Waiting for table flush")).isFalse();
    assertThat(MySqlLocks.isLockWait("Updating")).isFalse();
    assertThat(MySqlLocks.isLockWait(null)).isFalse();
  }

  @Test
  void innoDbLocksReadAsARowOrATable() {
    Table orders = Table.parse("`shop`.`orders`");
    assertThat(MySqlLocks.rowLockName("RECORD", orders, "shop"))
        .isEqualTo("a lock on a row of table orders");
    assertThat(MySqlLocks.rowLockName("TABLE", orders, "other"))
        .isEqualTo("a lock on table shop.orders");
    assertThat(MySqlLocks.rowLockName("RECORD", null, "shop"))
        .isEqualTo("a lock on a row of a table");
  }

  @Test
  void aHoldersCommandReadsAsPostgreSqlWouldSayIt() {
    assertThat(MySqlLocks.state("Sleep", true)).isEqualTo("idle in transaction");
    assertThat(MySqlLocks.state("Sleep", false)).isEqualTo("idle");
    assertThat(MySqlLocks.state("Query", true)).isEqualTo("active");
    assertThat(MySqlLocks.state("Killed", false)).isEqualTo("being killed");
    assertThat(MySqlLocks.state("Binlog Dump", false)).isEqualTo("binlog dump");
  }

  @Test
  void aConnectionHoldingALockIsNamedByItsIdUserAndHost() {
    Holder holder =
        Holder.connection(
            42, "app", "10.0.0.7:51234", "idle in transaction", Duration.ofMinutes(3), null, false);

    assertThat(new LockWait("a lock on a row of table orders", "X", null, holder).describe())
        .isEqualTo(
            "a lock on a row of table orders held by connection 42 (user app, host"
                + " 10.0.0.7:51234, idle in transaction for 3 min)");
  }

  @Test
  void aGuessedHolderIsSaidToBeOne() {
    Holder holder =
        Holder.connection(
            42, "app", "10.0.0.7:51234", "active", Duration.ofSeconds(5), "SELECT 1", true);

    assertThat(
            new LockWait("a metadata lock on table orders", null, Duration.ofSeconds(4), holder)
                .describeWaiting())
        .isEqualTo(
            "waiting 4 s for a metadata lock on table orders probably held by the oldest open"
                + " transaction, connection 42 (user app, host 10.0.0.7:51234, active for 5 s:"
                + " SELECT 1)");
  }

  @Test
  void aHiddenHolderSaysWhichPrivilegeShowsIt() {
    assertThat(
            new LockWait(
                    "a metadata lock on table orders",
                    null,
                    null,
                    null,
                    MySqlLocks.hiddenHolder(true))
                .describe())
        .isEqualTo(
            "a metadata lock on table orders (the session holding it is hidden: without the"
                + " PROCESS privilege MariaDB shows a user only its own sessions; grant PROCESS"
                + " to the migration user to see it)");
    assertThat(MySqlLocks.hiddenHolder(false)).contains("MySQL").contains("performance_schema");
  }
}
