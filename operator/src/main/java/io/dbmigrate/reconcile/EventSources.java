package io.dbmigrate.reconcile;

import io.dbmigrate.api.ConfigMapKeyRef;
import io.dbmigrate.api.ConfigMapRef;
import io.dbmigrate.api.DatabaseMigration;
import io.dbmigrate.api.DatabaseMigrationSpec;
import io.dbmigrate.api.ImageSource;
import io.dbmigrate.api.PlaceholderSource;
import io.dbmigrate.api.PullSecretRef;
import io.dbmigrate.api.SecretKeyRef;
import io.dbmigrate.api.SecretValueSource;
import io.dbmigrate.api.SeedSpec;
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
  static final String SECRETS = "secrets";
  static final String CONFIG_MAPS = "configmaps";
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
            .withName(CONFIG_MAPS)
            .withLabelSelector(WATCHED)
            .withSecondaryToPrimaryMapper(referencedBy(primaries, CONFIGMAP_INDEX))
            .build();
    var secrets =
        InformerEventSourceConfiguration.from(Secret.class, DatabaseMigration.class)
            .withName(SECRETS)
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

  /** Every ConfigMap the resource reads: migrations, seeds and placeholders. */
  private static List<String> configMapKeys(DatabaseMigration resource) {
    var spec = resource.getSpec();
    if (spec == null) {
      return List.of();
    }
    Stream<String> migrations =
        spec.getMigrations() == null || spec.getMigrations().getConfigMaps() == null
            ? Stream.empty()
            : spec.getMigrations().getConfigMaps().stream()
                .filter(Objects::nonNull)
                .map(ConfigMapRef::getName);
    Stream<String> seeds = seeds(spec).map(SeedSpec::getConfigMap);
    Stream<String> placeholders =
        placeholders(spec)
            .map(PlaceholderSource::getConfigMapKeyRef)
            .filter(Objects::nonNull)
            .map(ConfigMapKeyRef::getName);
    return keys(resource, Stream.of(migrations, seeds, placeholders).flatMap(s -> s));
  }

  /** Every Secret the resource reads: database, placeholders and image pull Secrets. */
  private static List<String> secretKeys(DatabaseMigration resource) {
    var spec = resource.getSpec();
    if (spec == null) {
      return List.of();
    }
    var database = spec.getDatabase();
    Stream<String> connection =
        database == null
            ? Stream.empty()
            : Stream.of(
                    database.getUrlFrom(), database.getUsernameFrom(), database.getPasswordFrom())
                .filter(Objects::nonNull)
                .map(SecretValueSource::getSecretKeyRef)
                .filter(Objects::nonNull)
                .map(SecretKeyRef::getName);
    Stream<String> placeholders =
        placeholders(spec)
            .map(PlaceholderSource::getSecretKeyRef)
            .filter(Objects::nonNull)
            .map(SecretKeyRef::getName);
    Stream<ImageSource> images =
        Stream.concat(
            spec.getMigrations() == null
                ? Stream.empty()
                : Stream.of(spec.getMigrations().getImage()),
            seeds(spec).map(SeedSpec::getImage));
    Stream<String> pullSecrets =
        images
            .filter(image -> image != null && image.getPullSecrets() != null)
            .flatMap(image -> image.getPullSecrets().stream())
            .filter(Objects::nonNull)
            .map(PullSecretRef::getName);
    return keys(resource, Stream.of(connection, placeholders, pullSecrets).flatMap(s -> s));
  }

  private static Stream<SeedSpec> seeds(DatabaseMigrationSpec spec) {
    return spec.getSeeds() == null
        ? Stream.empty()
        : spec.getSeeds().stream().filter(Objects::nonNull);
  }

  private static Stream<PlaceholderSource> placeholders(DatabaseMigrationSpec spec) {
    return spec.getFlyway() == null || spec.getFlyway().getPlaceholdersFrom() == null
        ? Stream.empty()
        : spec.getFlyway().getPlaceholdersFrom().stream().filter(Objects::nonNull);
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
