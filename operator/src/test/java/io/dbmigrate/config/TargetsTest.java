package io.dbmigrate.config;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class TargetsTest {
  @ParameterizedTest(name = "{0} is a target")
  @ValueSource(strings = {"latest", "3", "1.2", "1_2", "2.0.10", "007"})
  void latestAndVersionsAreTargets(String target) {
    assertThat(Targets.isValid(target)).isTrue();
  }

  @ParameterizedTest(name = "\"{0}\" is no target")
  @NullAndEmptySource
  @ValueSource(strings = {"newest", "LATEST", "v3", "1.", "1..2", "1.2a", " 3", "current"})
  void anythingElseIsNot(String target) {
    assertThat(Targets.isValid(target)).isFalse();
  }

  @ParameterizedTest(name = "\"{0}\" means latest")
  @NullAndEmptySource
  @ValueSource(strings = {"  "})
  void noTargetMeansLatest(String target) {
    assertThat(Targets.orLatest(target)).isEqualTo(Targets.LATEST);
  }

  @ParameterizedTest(name = "\"{0}\" is kept")
  @ValueSource(strings = {"3", " 3 "})
  void aGivenTargetIsKeptStripped(String target) {
    assertThat(Targets.orLatest(target)).isEqualTo("3");
  }
}
