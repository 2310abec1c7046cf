package io.dbmigrate.gate;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RequirementTest {
  @Test
  void theGatedLabelsPathEscapesItsSlash() {
    assertThat(Requirement.GATED_LABEL_PATH).isEqualTo("/metadata/labels/dbmigrate.io~1gated");
  }
}
