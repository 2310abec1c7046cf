package io.dbmigrate.config;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RunnerVariablesTest {
  /** The names are documented in the CLI's help and the README: users set them. */
  @Test
  void theNamesAreTheDocumentedOnes() {
    assertThat(
            java.util.List.of(
                RunnerVariables.URL, RunnerVariables.USERNAME, RunnerVariables.PASSWORD))
        .containsExactly("DBMIGRATE_URL", "DBMIGRATE_USERNAME", "DBMIGRATE_PASSWORD");
  }
}
