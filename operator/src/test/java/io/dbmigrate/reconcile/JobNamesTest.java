package io.dbmigrate.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class JobNamesTest {
  static final String DIGEST = "3f9c1a2b" + "0".repeat(56);

  @Test
  void nameIsResourceNameAndDigestPrefix() {
    assertThat(JobNames.forDigest("shop", DIGEST)).isEqualTo("shop-3f9c1a2b");
  }

  @Test
  void longNamesAreCutToSixtyThreeCharactersWithoutATrailingDash() {
    String name = "a".repeat(53) + "-" + "b".repeat(100);
    String job = JobNames.forDigest(name, DIGEST);
    assertThat(job).hasSizeLessThanOrEqualTo(63).endsWith("a-3f9c1a2b").doesNotContain("--");
  }

  @Test
  void labelValuesStayWithinSixtyThreeCharactersAndDistinct() {
    String a = "x".repeat(70) + "a";
    String b = "x".repeat(70) + "b";
    assertThat(Labels.value("shop")).isEqualTo("shop");
    assertThat(Labels.value(a)).hasSizeLessThanOrEqualTo(63).isNotEqualTo(Labels.value(b));
  }
}
