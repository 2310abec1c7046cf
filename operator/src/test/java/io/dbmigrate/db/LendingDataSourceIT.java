package io.dbmigrate.db;

import static org.assertj.core.api.Assertions.assertThat;

import io.dbmigrate.testing.PostgresDatabase;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class LendingDataSourceIT {
  @RegisterExtension final PostgresDatabase db = new PostgresDatabase();

  private SimpleDataSource fresh;

  @BeforeEach
  void dataSource() {
    fresh = new SimpleDataSource(ConnectionSettings.resolve(db.jdbcUrl(), db.username(), null));
  }

  @Test
  void lendsTheHeldSessionAndClosingGivesItBackOpen() throws SQLException {
    try (Connection held = fresh.getConnection()) {
      LendingDataSource lending = new LendingDataSource(held, fresh);
      int heldPid = pid(held);

      Connection first = lending.getConnection();
      assertThat(pid(first)).isEqualTo(heldPid);
      first.close();

      assertThat(held.isClosed()).isFalse();
      assertThat(pid(held)).isEqualTo(heldPid);
      try (Connection again = lending.getConnection()) {
        assertThat(pid(again)).as("lent again once given back").isEqualTo(heldPid);
      }
    }
  }

  @Test
  void opensAFreshSessionWhileTheHeldOneIsOut() throws SQLException {
    try (Connection held = fresh.getConnection()) {
      LendingDataSource lending = new LendingDataSource(held, fresh);
      try (Connection lent = lending.getConnection();
          Connection second = lending.getConnection()) {
        assertThat(pid(second)).isNotEqualTo(pid(lent));
        second.close();
        assertThat(second.isClosed()).as("a fresh one is really closed").isTrue();
      }
    }
  }

  private static int pid(Connection connection) throws SQLException {
    try (Statement statement = connection.createStatement();
        ResultSet row = statement.executeQuery("SELECT pg_backend_pid()")) {
      row.next();
      return row.getInt(1);
    }
  }
}
