package io.dbmigrate.reconcile;

import static io.dbmigrate.reconcile.Situation.MIGRATE_JOB;
import static io.dbmigrate.reconcile.Situation.applied;
import static io.dbmigrate.reconcile.Situation.succeeded;
import static org.assertj.core.api.Assertions.assertThat;

import io.dbmigrate.api.DatabaseMigration;
import io.dbmigrate.api.DatabaseMigrationStatus;
import io.dbmigrate.db.ConnectionSettings;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import org.junit.jupiter.api.Test;

/** The status is written only when it changed, and always masked. */
class StatusRecorderTest {
  private final StatusRecorder recorder = new StatusRecorder();

  @Test
  void anUnchangedStatusIsNotWritten() {
    Situation situation = new Situation().finished(MIGRATE_JOB, succeeded(applied("1", 1, 1, 0)));
    DatabaseMigration resource = situation.resource;
    DatabaseMigrationStatus status = situation.decide().status();

    UpdateControl<DatabaseMigration> first = recorder.record(resource, status);
    UpdateControl<DatabaseMigration> again = recorder.record(resource, situation.decide().status());

    assertThat(first.isPatchStatus()).isTrue();
    assertThat(again.isPatchStatus()).as("the same situation decided again").isFalse();
  }

  @Test
  void aPasswordInAnyStringOfTheStatusIsMasked() {
    ConnectionSettings.resolve("jdbc:postgresql://db/shop", "app", "Sw0rdfish-77");
    Situation situation =
        new Situation().invalid("InvalidSpec", "could not log in with Sw0rdfish-77");

    recorder.record(situation.resource, situation.decide().status());

    assertThat(situation.resource.getStatus().getConditions())
        .allSatisfy(c -> assertThat(c.getMessage()).doesNotContain("Sw0rdfish-77"))
        .anySatisfy(c -> assertThat(c.getMessage()).isEqualTo("could not log in with ****"));
  }
}
