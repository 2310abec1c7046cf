package io.dbmigrate.db;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LibpqEnvironmentTest {
  @Test
  void carriesHostPortDatabaseUserPasswordAndSslMode() {
    ConnectionSettings settings =
        ConnectionSettings.resolve(
            "postgresql://app:s%40cret@db.example:6432/shop?sslmode=require", null, null);

    assertThat(LibpqEnvironment.of(settings))
        .containsEntry("PGHOST", "db.example")
        .containsEntry("PGPORT", "6432")
        .containsEntry("PGDATABASE", "shop")
        .containsEntry("PGUSER", "app")
        .containsEntry("PGPASSWORD", "s@cret")
        .containsEntry("PGSSLMODE", "require");
  }

  @Test
  void listsSeveralHostsAndDefaultsThePort() {
    ConnectionSettings settings =
        ConnectionSettings.resolve("jdbc:postgresql://a,b:5433,[::1]/shop", null, null);

    assertThat(LibpqEnvironment.of(settings))
        .containsEntry("PGHOST", "a,b,::1")
        .containsEntry("PGPORT", "5432,5433,5432")
        .doesNotContainKeys("PGUSER", "PGPASSWORD");
  }
}
