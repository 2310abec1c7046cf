package io.dbmigrate.db;

import static org.assertj.core.api.Assertions.assertThat;

import io.dbmigrate.db.JdbcUrlTarget.HostPort;
import org.junit.jupiter.api.Test;

class JdbcUrlTargetTest {
  @Test
  void firstHostTakesTheFirstOfSeveralAndTheEnginesDefaultPort() {
    assertThat(JdbcUrlTarget.firstHost("jdbc:postgresql://db1,db2:5433/app?ssl=true"))
        .contains(new HostPort("db1", 5432));
    assertThat(JdbcUrlTarget.firstHost("jdbc:mariadb://db.example/app"))
        .contains(new HostPort("db.example", 3306));
    assertThat(JdbcUrlTarget.firstHost("jdbc:mariadb://[::1]:3307/app"))
        .hasValueSatisfying(
            address -> {
              assertThat(address).isEqualTo(new HostPort("::1", 3307));
              assertThat(address).hasToString("[::1]:3307");
            });
  }

  @Test
  void firstHostOfAnUnreadableUrlIsEmpty() {
    assertThat(JdbcUrlTarget.firstHost("jdbc:sqlserver://db:1433")).isEmpty();
    assertThat(JdbcUrlTarget.firstHost("jdbc:postgresql://db:five/app")).isEmpty();
  }
}
