package io.dbmigrate.reconcile;

import io.dbmigrate.api.DatabaseMigration;
import io.dbmigrate.health.HealthProber;
import io.dbmigrate.reconcile.Observation.Inputs;
import io.dbmigrate.reconcile.Observation.Invalid;
import io.dbmigrate.reconcile.Observation.Resolved;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.javaoperatorsdk.operator.api.reconciler.Context;

/**
 * Reads what a reconcile needs to decide: the inputs from Secrets and ConfigMaps ({@link
 * InputReads}) and the images' digests (or the problem with them), the input digest, the owned Jobs
 * and gated pods from the informers, and the prober's latest report. A Job's pods are listed only
 * if the decision asks how that Job ended.
 */
record Observer(MigrationJobFactory jobs, InputReads reads, ImagePins images, HealthProber prober) {

  Observation observe(DatabaseMigration resource, Context<DatabaseMigration> context) {
    JobOutcomeReader outcomes = new JobOutcomeReader(context.getClient());
    return new Observation(
        resource,
        inputs(resource, context),
        OwnedJobs.of(context.getSecondaryResources(Job.class), outcomes::read),
        EventSources.gatedPodsRequiring(resource, context),
        prober.latest(ResourceHealth.key(resource)),
        prober.running(ResourceHealth.key(resource)));
  }

  private Inputs inputs(DatabaseMigration resource, Context<DatabaseMigration> context) {
    try {
      MigrationInputs inputs =
          new InputResolver(reads.reader(resource, context))
              .resolve(resource)
              .withImages(images.pin(context.getClient(), resource));
      String image = jobs.imageFor(resource.getSpec());
      return new Resolved(inputs, InputDigest.of(resource.getSpec(), inputs, image));
    } catch (InvalidInputException problem) {
      return new Invalid(problem);
    }
  }
}
