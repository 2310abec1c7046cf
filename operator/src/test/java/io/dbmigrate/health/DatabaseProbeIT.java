package io.dbmigrate.health;

import static org.assertj.core.api.Assertions.assertThat;

import io.dbmigrate.db.ConnectionPools;
import io.dbmigrate.db.ConnectionSettings;
import io.dbmigrate.testing.PostgresDatabase;
import io.dbmigrate.testing.StallingProxy;
import java.time.Duration;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The probe's timeout holds when the database stops answering mid-query, not only at connect. */
class DatabaseProbeIT {
  @RegisterExtension final PostgresDatabase database = new PostgresDatabase();

  @Test
  void aServerThatStopsAnsweringIsUnhealthyWithinTheTimeout() throws Exception {
    try (StallingProxy proxy = new StallingProxy(PostgresDatabase.PORT);
        ConnectionPools pools = new ConnectionPools()) {
      String url = "jdbc:postgresql://127.0.0.1:" + proxy.port() + "/" + database.name();
      ConnectionSettings settings = ConnectionSettings.resolve(url, database.username(), null);
      Duration timeout = Duration.ofSeconds(1);
      DataSource pool = pools.acquire("probe-test", settings, timeout);
      DatabaseProbe probe = new DatabaseProbe();
      assertThat(probe.check(pool, settings, timeout).healthy()).isTrue();

      proxy.stall();
      long started = System.nanoTime();
      DatabaseCheck stalled = probe.check(pool, settings, timeout);
      Duration took = Duration.ofNanos(System.nanoTime() - started);

      assertThat(stalled.healthy()).isFalse();
      assertThat(took)
          .as("bounded by the timeout, not hung")
          .isLessThan(
              Duration.ofMillis(2500)); // the pool's socket timeout, 3x, would be the fallback
      assertThat(stalled.error()).contains("127.0.0.1:" + proxy.port());
    }
  }
}
