package io.dbmigrate.runner;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ResultFileTest {
  @TempDir Path work;

  @Test
  void aNewFileInAnExistingDirectoryCanBeWrittenAndIsNotCreatedByTheCheck() {
    Path file = work.resolve("result.json");
    assertThat(ResultFile.unwritable(file)).isEmpty();
    assertThat(file).doesNotExist();
  }

  @Test
  void anExistingFileIsLeftAsItIs() throws IOException {
    Path file = Files.writeString(work.resolve("result.json"), "previous");
    assertThat(ResultFile.unwritable(file)).isEmpty();
    assertThat(file).hasContent("previous");
  }

  @Test
  void aMissingDirectoryIsNamed() {
    Path missing = work.resolve("missing");
    assertThat(ResultFile.unwritable(missing.resolve("result.json")))
        .contains("the directory " + missing + " does not exist");
    assertThat(missing).doesNotExist();
  }

  @Test
  void aFileWhereTheDirectoryShouldBeIsNamed() throws IOException {
    Path notADirectory = Files.writeString(work.resolve("plain"), "");
    assertThat(ResultFile.unwritable(notADirectory.resolve("result.json")))
        .contains(notADirectory + " is not a directory");
  }

  @Test
  void aDirectoryIsNotAResultFile() {
    assertThat(ResultFile.unwritable(work)).contains("it is a directory");
  }

  @Test
  void aRelativePathIsCheckedInTheWorkingDirectory() {
    assertThat(ResultFile.unwritable(Path.of("no-such-directory-here", "result.json")))
        .hasValueSatisfying(
            why -> assertThat(why).endsWith("no-such-directory-here does not exist"));
  }
}
