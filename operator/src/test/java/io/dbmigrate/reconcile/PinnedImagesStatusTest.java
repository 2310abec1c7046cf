package io.dbmigrate.reconcile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.dbmigrate.api.DatabaseMigration;
import io.dbmigrate.api.DatabaseMigrationStatus;
import io.dbmigrate.api.ResolvedSource;
import io.dbmigrate.registry.ImageReference;
import io.dbmigrate.testing.TestResources;
import io.fabric8.kubernetes.api.model.Condition;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Several pinned images in the status: one source each, SourcesResolved naming what failed. */
class PinnedImagesStatusTest {
  private static final Instant NOW = Instant.parse("2026-12-07T10:00:00Z");
  private static final String DIGEST = "sha256:" + "e".repeat(64);

  private final StatusComputer statuses = new StatusComputer(Clock.fixed(NOW, ZoneOffset.UTC));
  private final DatabaseMigration resource = TestResources.migration("shop", "shop", "db");

  @Test
  void eachImageIsASourceAndAnUnreachableSeedRegistryIsNamedByItsField() {
    String kept =
        "spec.seeds[1].image: cannot reach registry r.example:5000 (https): connection refused;"
            + " the last resolved digest "
            + DIGEST
            + " stays in force";
    PinnedImages images =
        new PinnedImages(
            List.of(
                pinned(PinnedImage.MIGRATIONS, "r.example:5000/app:1", Optional.empty()),
                pinned(PinnedImage.seed("demo"), "r.example:5000/seeds:1", Optional.of(kept))));

    DatabaseMigrationStatus status =
        statuses.withSources(resource, new DatabaseMigrationStatus(), images);

    assertThat(status.getSources())
        .extracting(ResolvedSource::getName, ResolvedSource::getReference)
        .containsExactly(
            tuple("migrations", "r.example:5000/app:1"),
            tuple("seed/demo", "r.example:5000/seeds:1"));
    Condition resolved = sourcesResolved(status);
    assertThat(resolved.getStatus()).isEqualTo("False");
    assertThat(resolved.getReason()).isEqualTo("RegistryUnavailable");
    assertThat(resolved.getMessage()).isEqualTo(kept);
    assertThat(images.recheck(NOW)).contains(PinnedImage.UNAVAILABLE_RETRY);
  }

  @Test
  void whenEveryRegistryAnsweredTheMessageNamesEachImagesDigest() {
    PinnedImages images =
        new PinnedImages(
            List.of(
                pinned(PinnedImage.MIGRATIONS, "r.example:5000/app:1", Optional.empty()),
                pinned(PinnedImage.seed("demo"), "r.example:5000/seeds:1", Optional.empty())));

    Condition resolved =
        sourcesResolved(statuses.withSources(resource, new DatabaseMigrationStatus(), images));

    assertThat(resolved.getStatus()).isEqualTo("True");
    assertThat(resolved.getMessage())
        .isEqualTo(
            "migrations image r.example:5000/app:1 is r.example:5000/app@"
                + DIGEST
                + "; seed demo image r.example:5000/seeds:1 is r.example:5000/seeds@"
                + DIGEST);
  }

  private static Condition sourcesResolved(DatabaseMigrationStatus status) {
    return status.getConditions().stream()
        .filter(c -> c.getType().equals("SourcesResolved"))
        .findFirst()
        .orElseThrow();
  }

  private static PinnedImage pinned(String source, String reference, Optional<String> unavailable) {
    return new PinnedImage(
        source,
        "spec.x.image",
        reference,
        ImageReference.parse(reference).withDigest(DIGEST),
        "/x",
        List.of(),
        NOW,
        Optional.of(Duration.ofMinutes(5)),
        NOW,
        unavailable);
  }
}
