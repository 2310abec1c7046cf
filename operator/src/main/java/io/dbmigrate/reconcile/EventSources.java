package io.dbmigrate.reconcile;

import io.dbmigrate.api.ConfigMapRef;
import io.dbmigrate.api.DatabaseMigration;
import io.dbmigrate.api.PullSecretRef;
import io.dbmigrate.api.SecretValueSource;
import io.dbmigrate.gate.RequiredMigrations;
import io.dbmigrate.gate.Requirement;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.IndexerResourceCache;
import io.javaoperatorsdk.operator.processing.event.source.SecondaryToPrimaryMapper;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.Mappers;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * What wakes a resource up: its own Jobs (owner references), changes of the Secrets (database and
 * pull Secrets) and ConfigMaps it refers to, and pods gated on it. Only Secrets and ConfigMaps
 * labelled {@code dbmigrate.io/watch} are cached, so the operator never holds every Secret of the
 * cluster in memory; unlabelled ones are read on demand and re-checked on the resource's recheck
 * interval.
 */
final class EventSources {
  static final String CONFIGMAP_INDEX = "configmap-references";
  static final String SECRET_INDEX = "secret-references";
  static final String GATED_PODS = "gated-pods";
  static final String REQUIRED_MIGRATIONS_INDEX = "required-migrations";
  private static final String WATCHED = Labels.WATCH + "=" + Labels.WATCH_ENABLED;

  private EventSources() {}

  static List<EventSource<?, DatabaseMigration>> of(EventSourceContext<DatabaseMigration> context) {
    IndexerResourceCache<DatabaseMigration> primaries = context.getPrimaryCache();
    primaries.addIndexer(CONFIGMAP_INDEX, EventSources::configMapKeys);
    primaries.addIndexer(SECRET_INDEX, EventSources::secretKeys);

    var jobs =
        InformerEventSourceConfiguration.from(Job.class, DatabaseMigration.class)
            .withName("jobs")
            .withLabelSelector(Labels.MIGRATION)
            .withSecondaryToPrimaryMapper(Mappers.fromOwnerReferences(DatabaseMigration.class))
            .build();
    var configMaps =
        InformerEventSourceConfiguration.from(ConfigMap.class, DatabaseMigration.class)
            .withName("configmaps")
            .withLabelSelector(WATCHED)
            .withSecondaryToPrimaryMapper(referencedBy(primaries, CONFIGMAP_INDEX))
            .build();
    var secrets =
        InformerEventSourceConfiguration.from(Secret.class, DatabaseMigration.class)
            .withName("secrets")
            .withLabelSelector(WATCHED)
            .withSecondaryToPrimaryMapper(referencedBy(primaries, SECRET_INDEX))
            .build();
    // Only pods the webhook gated carry this label, so the cache holds just the waiting pods.
    var gatedPods =
        InformerEventSourceConfiguration.from(Pod.class, DatabaseMigration.class)
            .withName(GATED_PODS)
            .withLabelSelector(Requirement.GATED_LABEL + "=true")
            .withSecondaryToPrimaryMapper(EventSources::requiredMigrations)
            .build();
    InformerEventSource<Pod, DatabaseMigration> pods =
        new InformerEventSource<>(gatedPods, context);
    pods.addIndexer(
        REQUIRED_MIGRATIONS_INDEX,
        pod -> keys(pod.getMetadata().getNamespace(), RequiredMigrations.namesOf(pod).stream()));
    return List.of(
        new InformerEventSource<>(jobs, context),
        new InformerEventSource<>(configMaps, context),
        new InformerEventSource<>(secrets, context),
        pods);
  }

  /** The gated pods that name this resource in their {@code dbmigrate.io/requires}. */
  @SuppressWarnings("unchecked")
  static List<Pod> gatedPodsRequiring(
      DatabaseMigration resource, Context<DatabaseMigration> context) {
    var pods =
        (IndexerResourceCache<Pod>)
            context.eventSourceRetriever().getEventSourceFor(Pod.class, GATED_PODS);
    return pods.byIndex(
        REQUIRED_MIGRATIONS_INDEX,
        key(resource.getMetadata().getNamespace(), resource.getMetadata().getName()));
  }

  private static Set<ResourceID> requiredMigrations(Pod pod) {
    return RequiredMigrations.namesOf(pod).stream()
        .map(name -> new ResourceID(name, pod.getMetadata().getNamespace()))
        .collect(Collectors.toSet());
  }

  private static <R extends HasMetadata> SecondaryToPrimaryMapper<R> referencedBy(
      IndexerResourceCache<DatabaseMigration> primaries, String index) {
    return object ->
        primaries
            .byIndex(
                index, key(object.getMetadata().getNamespace(), object.getMetadata().getName()))
            .stream()
            .map(ResourceID::fromResource)
            .collect(Collectors.toSet());
  }

  private static List<String> configMapKeys(DatabaseMigration resource) {
    if (resource.getSpec() == null || resource.getSpec().getMigrations() == null) {
      return List.of();
    }
    List<ConfigMapRef> refs = resource.getSpec().getMigrations().getConfigMaps();
    return keys(resource, refs == null ? Stream.empty() : refs.stream().map(ref -> ref.getName()));
  }

  private static List<String> secretKeys(DatabaseMigration resource) {
    if (resource.getSpec() == null || resource.getSpec().getDatabase() == null) {
      return List.of();
    }
    var database = resource.getSpec().getDatabase();
    var migrations = resource.getSpec().getMigrations();
    Stream<String> pullSecrets =
        migrations == null
                || migrations.getImage() == null
                || migrations.getImage().getPullSecrets() == null
            ? Stream.empty()
            : migrations.getImage().getPullSecrets().stream()
                .filter(Objects::nonNull)
                .map(PullSecretRef::getName);
    return keys(
        resource,
        Stream.concat(
            Stream.of(database.getUrlFrom(), database.getUsernameFrom(), database.getPasswordFrom())
                .filter(Objects::nonNull)
                .map(SecretValueSource::getSecretKeyRef)
                .filter(Objects::nonNull)
                .map(ref -> ref.getName()),
            pullSecrets));
  }

  private static List<String> keys(DatabaseMigration resource, Stream<String> names) {
    return keys(resource.getMetadata().getNamespace(), names);
  }

  private static List<String> keys(String namespace, Stream<String> names) {
    return names.filter(Objects::nonNull).distinct().map(name -> key(namespace, name)).toList();
  }

  private static String key(String namespace, String name) {
    return namespace + "/" + name;
  }
}
