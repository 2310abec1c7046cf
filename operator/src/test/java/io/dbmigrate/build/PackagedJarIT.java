package io.dbmigrate.build;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import org.junit.jupiter.api.Test;

/**
 * The jar the image ships, after {@link OldClassFileUpgrade}: no class file is older than Java 6,
 * every rewritten picocli class passes the type-checking verifier (loading and initializing a class
 * links it, which verifies it), and the jar runs.
 */
class PackagedJarIT {
  private static final Path JAR = Path.of("target/dbmigrate-operator.jar");

  @Test
  void noClassFileIsOlderThanJava6() throws IOException {
    List<String> old = new ArrayList<>();
    try (JarFile jar = new JarFile(JAR.toFile())) {
      for (var entry : jar.stream().filter(e -> e.getName().endsWith(".class")).toList()) {
        try (var in = jar.getInputStream(entry)) {
          if (OldClassFileUpgrade.version(in.readNBytes(8))
              < OldClassFileUpgrade.FIRST_CURRENT_VERSION) {
            old.add(entry.getName());
          }
        }
      }
    }
    assertThat(old).isEmpty();
  }

  @Test
  void everyPicocliClassPassesTheVerifier() throws Exception {
    List<String> names = new ArrayList<>();
    try (JarFile jar = new JarFile(JAR.toFile())) {
      jar.stream()
          .map(entry -> entry.getName())
          .filter(name -> name.startsWith("picocli/") && name.endsWith(".class"))
          .forEach(name -> names.add(name.replace('/', '.').replace(".class", "")));
    }
    assertThat(names).hasSizeGreaterThan(100);
    List<String> failed = new ArrayList<>();
    try (URLClassLoader loader =
        new URLClassLoader(new URL[] {JAR.toUri().toURL()}, ClassLoader.getPlatformClassLoader())) {
      for (String name : names) {
        try {
          Class.forName(name, true, loader);
        } catch (LinkageError e) {
          failed.add(name + ": " + e);
        }
      }
    }
    assertThat(failed).isEmpty();
  }

  @Test
  void theJarRuns() throws Exception {
    Process process =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xshare:off",
                "-jar",
                JAR.toString(),
                "migrate",
                "--help")
            .redirectErrorStream(true)
            .start();
    String output = new String(process.getInputStream().readAllBytes());
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).as(output).isZero();
    assertThat(output).contains("Usage: dbmigrate migrate");
  }
}
