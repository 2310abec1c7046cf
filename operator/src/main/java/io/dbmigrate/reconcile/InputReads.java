package io.dbmigrate.reconcile;

import io.dbmigrate.api.DatabaseMigration;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.Cache;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Where a reconcile reads the Secrets, ConfigMaps and claims a resource names. Labelled ones
 * ({@code dbmigrate.io/watch}) come from the informers' caches and cost no API call. Any other is
 * read from the API server and remembered for the recheck interval, per resource and spec
 * generation: a resource at rest reads each unlabelled input at most once per recheck interval, a
 * spec change reads them again at once. An absent object is never remembered, so a stalled resource
 * finds it on its next reconcile.
 */
final class InputReads {
  private final Duration recheckInterval;
  private final Clock clock;
  private final Map<String, Remembered> remembered = new ConcurrentHashMap<>();
  private volatile Instant lastSweep = Instant.MIN;

  InputReads(Duration recheckInterval, Clock clock) {
    this.recheckInterval = recheckInterval;
    this.clock = clock;
  }

  /** The reads of one reconcile of {@code resource}. */
  Reader reader(DatabaseMigration resource, Context<DatabaseMigration> context) {
    Instant now = clock.instant();
    sweep(now);
    long generation = Optional.ofNullable(resource.getMetadata().getGeneration()).orElse(0L);
    Remembered memory =
        remembered.compute(
            Decider.id(resource),
            (id, earlier) ->
                earlier != null && earlier.generation == generation && earlier.freshAt(now)
                    ? earlier
                    : new Remembered(generation, now));
    return new Reader(context, memory);
  }

  /** Forgets what deleted resources read: nothing is kept beyond two recheck intervals. */
  private void sweep(Instant now) {
    if (lastSweep.plus(recheckInterval).isBefore(now)) {
      lastSweep = now;
      remembered
          .values()
          .removeIf(memory -> memory.readAt.plus(recheckInterval.multipliedBy(2)).isBefore(now));
    }
  }

  private final class Remembered {
    final long generation;
    final Instant readAt;
    final Map<String, HasMetadata> objects = new ConcurrentHashMap<>();

    Remembered(long generation, Instant readAt) {
      this.generation = generation;
      this.readAt = readAt;
    }

    boolean freshAt(Instant now) {
      return now.isBefore(readAt.plus(recheckInterval));
    }
  }

  /** Reads for one reconcile; {@code null} when the object does not exist. */
  static final class Reader {
    private final Context<DatabaseMigration> context;
    private final Remembered memory;

    private Reader(Context<DatabaseMigration> context, Remembered memory) {
      this.context = context;
      this.memory = memory;
    }

    Secret secret(String namespace, String name) {
      KubernetesClient client = context.getClient();
      return read(
          Secret.class,
          EventSources.SECRETS,
          namespace,
          name,
          () -> client.secrets().inNamespace(namespace).withName(name).get());
    }

    ConfigMap configMap(String namespace, String name) {
      KubernetesClient client = context.getClient();
      return read(
          ConfigMap.class,
          EventSources.CONFIG_MAPS,
          namespace,
          name,
          () -> client.configMaps().inNamespace(namespace).withName(name).get());
    }

    /** Claims are never watched: read once per recheck interval while they exist. */
    boolean claimExists(String namespace, String name) {
      KubernetesClient client = context.getClient();
      return remember(
              "PersistentVolumeClaim/" + namespace + "/" + name,
              () -> client.persistentVolumeClaims().inNamespace(namespace).withName(name).get(),
              PersistentVolumeClaim.class)
          != null;
    }

    @SuppressWarnings("unchecked")
    private <R extends HasMetadata> R read(
        Class<R> kind, String eventSource, String namespace, String name, Supplier<R> get) {
      var cache = (Cache<R>) context.eventSourceRetriever().getEventSourceFor(kind, eventSource);
      return cache
          .get(new ResourceID(name, namespace))
          .orElseGet(
              () -> remember(kind.getSimpleName() + "/" + namespace + "/" + name, get, kind));
    }

    private <R extends HasMetadata> R remember(String key, Supplier<R> get, Class<R> kind) {
      HasMetadata known = memory.objects.get(key);
      if (known != null) {
        return kind.cast(known);
      }
      R read = get.get();
      if (read != null) {
        memory.objects.put(key, read);
      }
      return read;
    }
  }
}
