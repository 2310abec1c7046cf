package io.dbmigrate.chart;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The image's entry point (docker/dbmigrate) hands each role its JVM flags: the operator's, with
 * the chart's {@code jvmOptions} last so that they win, and the Job's. {@code JAVA} points at a
 * script that prints what it was started with, in place of the JVM.
 */
class ImageEntryPointTest {
  private static final Path ENTRY_POINT = Path.of("../docker/dbmigrate");

  @TempDir Path dir;

  @Test
  void theOperatorGetsTheImagesFlagsThenTheChartsOptionsAndTwoMallocArenas() throws Exception {
    String started =
        start(Map.of("DBMIGRATE_JVM_OPTIONS", "-XX:MaxRAMPercentage=60 -Xss512k"), "operator");

    assertThat(started)
        .isEqualTo(
            "MALLOC_ARENA_MAX=2 -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -XX:MaxRAMPercentage=75"
                + " -XX:MaxRAMPercentage=60 -Xss512k -jar /app/dbmigrate-operator.jar operator");
  }

  @Test
  void theOperatorKeepsAMallocArenaSettingOfTheUsers() throws Exception {
    assertThat(start(Map.of("MALLOC_ARENA_MAX", "4"), "operator"))
        .startsWith("MALLOC_ARENA_MAX=4 -XX:+UseSerialGC");
  }

  @Test
  void aJobStartsWithTheAotCacheWhenTheImageHasOne() throws Exception {
    Path cache = Files.createFile(dir.resolve("dbmigrate.aot"));

    assertThat(start(Map.of("DBMIGRATE_AOT_CACHE", cache.toString()), "migrate", "--dry-run"))
        .isEqualTo(
            "MALLOC_ARENA_MAX= -XX:AOTCache="
                + cache
                + " -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -XX:-UsePerfData"
                + " -XX:MaxRAMPercentage=75 -jar /app/dbmigrate-operator.jar migrate --dry-run");
    assertThat(start(Map.of("DBMIGRATE_AOT_CACHE", dir.resolve("none").toString()), "migrate"))
        .startsWith("MALLOC_ARENA_MAX= -XX:TieredStopAtLevel=1");
  }

  private String start(Map<String, String> environment, String... args)
      throws IOException, InterruptedException {
    Path java = dir.resolve("java");
    Files.writeString(java, "#!/bin/sh\necho \"MALLOC_ARENA_MAX=$MALLOC_ARENA_MAX $*\"\n");
    Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwx------"));
    ProcessBuilder builder = new ProcessBuilder("sh", ENTRY_POINT.toString());
    builder.command().addAll(List.of(args));
    builder.environment().remove("MALLOC_ARENA_MAX");
    builder.environment().remove("DBMIGRATE_JVM_OPTIONS");
    builder.environment().put("JAVA", java.toString());
    builder.environment().putAll(environment);
    Process process = builder.redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes()).strip();
    assertThat(process.waitFor(10, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).as(output).isZero();
    return output;
  }
}
