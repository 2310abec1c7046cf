package io.dbmigrate.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dbmigrate.testing.TarLayer;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Layers applied in order: whiteouts, opaque directories, the selected path, refusals, bounds. */
class LayerApplierTest {
  @TempDir Path root;

  private LayerApplier applier(String path) {
    return new LayerApplier(root, path, 1024 * 1024);
  }

  private static void apply(LayerApplier applier, TarLayer... layers) throws IOException {
    for (int i = 0; i < layers.length; i++) {
      applier.applyTar(new ByteArrayInputStream(layers[i].tar()), "layer " + (i + 1));
    }
  }

  private List<String> files() throws IOException {
    try (Stream<Path> walk = Files.walk(root)) {
      return walk.filter(Files::isRegularFile)
          .map(p -> root.relativize(p).toString())
          .sorted()
          .toList();
    }
  }

  @Test
  void aWhiteoutDeletesAFileOrDirectoryOfTheLayersBelow() throws IOException {
    apply(
        applier("/migrations"),
        new TarLayer()
            .file("migrations/V1__a.sql", "1")
            .file("migrations/V2__b.sql", "2")
            .file("migrations/old/V0__x.sql", "0"),
        new TarLayer()
            .whiteout("migrations/V2__b.sql")
            .whiteout("migrations/old")
            .file("migrations/V3__c.sql", "3"));

    assertThat(files()).containsExactly("migrations/V1__a.sql", "migrations/V3__c.sql");
  }

  @Test
  void anOpaqueDirectoryKeepsOnlyWhatItsOwnLayerWrites() throws IOException {
    apply(
        applier("/"),
        new TarLayer()
            .file("migrations/V1__a.sql", "1")
            .file("migrations/sub/V2__b.sql", "2")
            .file("keep/x", "x"),
        // the marker after the layer's own file: order in the tar must not matter
        new TarLayer().file("migrations/V5__new.sql", "5").opaque("migrations"));

    assertThat(files()).containsExactly("keep/x", "migrations/V5__new.sql");
  }

  @Test
  void aLaterLayerReplacesAFileAndAWhiteoutAboveThePathRemovesIt() throws IOException {
    LayerApplier applier = applier("/db/migrations");
    apply(
        applier,
        new TarLayer().file("db/migrations/V1__a.sql", "old"),
        new TarLayer().file("db/migrations/V1__a.sql", "new"));
    assertThat(Files.readString(root.resolve("db/migrations/V1__a.sql"))).isEqualTo("new");

    apply(applier, new TarLayer().whiteout("db"));
    assertThat(files()).isEmpty();
  }

  @Test
  void extractsOnlyThePathAndRemembersTheTopLevel() throws IOException {
    LayerApplier applier = applier("migrations");
    apply(
        applier,
        new TarLayer()
            .file("./usr/bin/app", "binary")
            .file("/migrations/V1__a.sql", "1")
            .file("migrations-extra/V9__no.sql", "9")
            .file("etc/passwd", "x"));

    assertThat(files()).containsExactly("migrations/V1__a.sql");
    assertThat(applier.topLevelNames()).isEqualTo("etc, migrations, migrations-extra, usr");
  }

  @Test
  void refusesEntriesOutsideTheRootWhereverTheyAre() {
    for (String name : List.of("../evil.sql", "migrations/../../evil.sql", "a/b/../../../evil")) {
      assertThatThrownBy(() -> apply(applier("/migrations"), new TarLayer().rawFile(name, "x")))
          .isInstanceOf(RegistryException.class)
          .hasMessage("layer 1 has an entry outside the image's root: " + name);
    }
    assertThat(root.getParent().resolve("evil.sql")).doesNotExist();
  }

  @Test
  void refusesLinksOutOfTheRootAndCopiesLinksInsideIt() throws IOException {
    assertThatThrownBy(
            () ->
                apply(
                    applier("/migrations"),
                    new TarLayer().symlink("migrations/V1__a.sql", "../../etc/passwd")))
        .isInstanceOf(RegistryException.class)
        .hasMessage(
            "layer 1 has a link outside the image's root: migrations/V1__a.sql -> ../../etc/passwd");

    apply(
        applier("/"),
        new TarLayer()
            .file("shared/V1__a.sql", "create table a (id int);")
            .symlink("migrations/V1__a.sql", "../shared/V1__a.sql")
            .hardlink("migrations/V2__same.sql", "shared/V1__a.sql")
            .symlink("migrations/V3__abs.sql", "/shared/V1__a.sql"));

    for (String copy : List.of("V1__a.sql", "V2__same.sql", "V3__abs.sql")) {
      Path file = root.resolve("migrations").resolve(copy);
      assertThat(Files.isSymbolicLink(file)).as("%s is no link", copy).isFalse();
      assertThat(Files.readString(file)).isEqualTo("create table a (id int);");
    }
  }

  @Test
  void boundsTheBytesWritten() {
    LayerApplier small = new LayerApplier(root, "/migrations", 10);
    assertThatThrownBy(
            () ->
                small.applyTar(
                    new ByteArrayInputStream(
                        new TarLayer().file("migrations/V1__a.sql", "x".repeat(11)).tar()),
                    "layer 1"))
        .isInstanceOf(RegistryException.class)
        .hasMessage(
            "the files under /migrations are larger than 0.00 MiB; dbmigrate extracts at most that");
  }

  @Test
  void anOrasFileLandsUnderItsTitle() throws IOException {
    LayerApplier applier = applier("/");
    applier.applyFile(
        "V1__a.sql",
        new ByteArrayInputStream("select 1;".getBytes(StandardCharsets.UTF_8)),
        "layer 1");

    assertThat(files()).containsExactly("V1__a.sql");
    assertThatThrownBy(
            () -> applier.applyFile("../x.sql", new ByteArrayInputStream(new byte[0]), "layer 2"))
        .hasMessage("layer 2 has an entry outside the image's root: ../x.sql");
  }

  @Test
  void aPathThatLeavesTheRootIsRefused() {
    assertThatThrownBy(() -> LayerApplier.relative("/../etc"))
        .isInstanceOf(RegistryException.class)
        .hasMessage("image path /../etc leaves the image's root");
    assertThat(LayerApplier.relative("/migrations/").toString()).isEqualTo("migrations");
    assertThat(LayerApplier.relative("/").toString()).isEmpty();
  }
}
