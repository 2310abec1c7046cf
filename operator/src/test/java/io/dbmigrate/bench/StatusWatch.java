package io.dbmigrate.bench;

import io.dbmigrate.api.DatabaseMigration;
import io.dbmigrate.api.Phase;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import java.time.Duration;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Watches every DatabaseMigration, as a dashboard or a GitOps controller would: counts the MODIFIED
 * events per wall-clock second (each is one status write the API server stored; the operator never
 * writes the spec) and notes when the last of {@code expected} resources turned Ready.
 */
final class StatusWatch implements AutoCloseable {
  private final int expected;
  private final NavigableMap<Long, AtomicInteger> modifiedPerSecond = new ConcurrentSkipListMap<>();
  private final Set<String> ready = ConcurrentHashMap.newKeySet();
  private final CountDownLatch allReady = new CountDownLatch(1);
  private final AtomicLong allReadyAtNanos = new AtomicLong();
  private final Watch watch;

  StatusWatch(KubernetesClient client, int expected) {
    this.expected = expected;
    this.watch =
        client
            .resources(DatabaseMigration.class)
            .inAnyNamespace()
            .watch(
                new Watcher<>() {
                  @Override
                  public void eventReceived(Action action, DatabaseMigration resource) {
                    if (action == Action.MODIFIED) {
                      modifiedPerSecond
                          .computeIfAbsent(
                              System.currentTimeMillis() / 1000, second -> new AtomicInteger())
                          .incrementAndGet();
                    }
                    noteReady(resource);
                  }

                  @Override
                  public void onClose(WatcherException cause) {
                    if (cause != null) {
                      System.err.println("the status watch closed: " + cause.getMessage());
                    }
                  }
                });
  }

  private void noteReady(DatabaseMigration resource) {
    if (resource.getStatus() != null && resource.getStatus().getPhase() == Phase.Ready) {
      String key = resource.getMetadata().getNamespace() + "/" + resource.getMetadata().getName();
      if (ready.add(key) && ready.size() == expected) {
        allReadyAtNanos.set(System.nanoTime());
        allReady.countDown();
      }
    }
  }

  /** When all were Ready ({@link System#nanoTime()}); false when {@code within} ran out first. */
  boolean awaitAllReady(Duration within) throws InterruptedException {
    return allReady.await(within.toMillis(), TimeUnit.MILLISECONDS);
  }

  long allReadyAtNanos() {
    return allReadyAtNanos.get();
  }

  int readyCount() {
    return ready.size();
  }

  /** MODIFIED events per second in [fromSecond, toSecond), seconds without any included. */
  Map<Long, Integer> modifiedBetween(long fromSecond, long toSecond) {
    Map<Long, Integer> counts = new java.util.TreeMap<>();
    for (long second = fromSecond; second < toSecond; second++) {
      AtomicInteger count = modifiedPerSecond.get(second);
      counts.put(second, count == null ? 0 : count.get());
    }
    return counts;
  }

  @Override
  public void close() {
    watch.close();
  }
}
