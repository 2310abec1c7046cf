package io.dbmigrate.db;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import javax.sql.DataSource;

/**
 * One small, bounded HikariCP pool per database, shared by every user (resource) pointing at it. A
 * pool is created on first use and closed as soon as its last user leaves or moves to other
 * connection settings (a changed Secret), so a rotated password never keeps old sessions open.
 * Probes borrow from the pool: a database is never opened a connection per probe.
 */
public final class ConnectionPools implements AutoCloseable {
  public static final int DEFAULT_MAX_SIZE = 2;

  /** HikariCP's lower bound for connection and validation timeouts. */
  private static final long MIN_TIMEOUT_MS = 250;

  private final int maxSize;
  private final Map<String, PoolKey> keyByUser = new HashMap<>();
  private final Map<PoolKey, SharedPool> pools = new HashMap<>();
  private int poolsCreated;

  public ConnectionPools() {
    this(DEFAULT_MAX_SIZE);
  }

  public ConnectionPools(int maxSize) {
    if (maxSize < 1) {
      throw new IllegalArgumentException("a pool needs at least one connection");
    }
    this.maxSize = maxSize;
  }

  private record SharedPool(HikariDataSource dataSource, Set<String> users) {}

  /**
   * The pool for these settings, on behalf of {@code user}. A user holds one pool at a time: when
   * its settings changed, it leaves its previous pool, which closes if nobody else uses it.
   *
   * @param timeout how long borrowing (and so connecting) may take; used when the pool is created
   */
  public synchronized DataSource acquire(
      String user, ConnectionSettings settings, Duration timeout) {
    PoolKey key = PoolKey.of(settings);
    PoolKey previous = keyByUser.get(user);
    if (key.equals(previous)) {
      return pools.get(key).dataSource();
    }
    if (previous != null) {
      leave(user, previous);
    }
    SharedPool pool =
        pools.computeIfAbsent(key, k -> new SharedPool(open(settings, timeout), new HashSet<>()));
    pool.users().add(user);
    keyByUser.put(user, key);
    return pool.dataSource();
  }

  /** The user no longer needs a database; its pool closes when it was the last one using it. */
  public synchronized void release(String user) {
    PoolKey key = keyByUser.remove(user);
    if (key != null) {
      leave(user, key);
    }
  }

  /** How many pools are open, i.e. how many distinct databases are in use. */
  public synchronized int openPools() {
    return pools.size();
  }

  private void leave(String user, PoolKey key) {
    SharedPool pool = pools.get(key);
    pool.users().remove(user);
    if (pool.users().isEmpty()) {
      pools.remove(key);
      pool.dataSource().close();
    }
  }

  private HikariDataSource open(ConnectionSettings settings, Duration timeout) {
    long timeoutMs = Math.max(MIN_TIMEOUT_MS, timeout.toMillis());
    int timeoutSeconds = (int) Math.max(1, (timeoutMs + 999) / 1000);
    HikariConfig config = new HikariConfig();
    // A counter, not the key or the URL: pool names show up in HikariCP's logs and exceptions.
    config.setPoolName("dbmigrate-pool-" + (++poolsCreated));
    config.setJdbcUrl(settings.jdbcUrl());
    config.setUsername(settings.username());
    config.setPassword(settings.password());
    config.setMaximumPoolSize(maxSize);
    // One warm connection keeps a probe at query cost; the second is only opened under load.
    config.setMinimumIdle(1);
    config.setConnectionTimeout(timeoutMs);
    config.setValidationTimeout(timeoutMs);
    // Created lazily and kept even while the database is down: the probe reports it unhealthy,
    // and the pool reconnects by itself when the database is back.
    config.setInitializationFailTimeout(-1);
    config.setRegisterMbeans(false);
    // A server that stops answering mid-query must not hold a probe thread forever.
    Properties driver =
        settings
            .engine()
            .driverProperties(
                "dbmigrate-health", timeoutSeconds, timeoutSeconds, timeoutSeconds * 3);
    config.setDataSourceProperties(driver);
    return new HikariDataSource(config);
  }

  @Override
  public synchronized void close() {
    pools.values().forEach(pool -> pool.dataSource().close());
    pools.clear();
    keyByUser.clear();
  }
}
