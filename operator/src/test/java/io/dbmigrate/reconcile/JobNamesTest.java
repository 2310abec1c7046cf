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
  void longNamesAreCutToSixtyThreeCharactersWithoutADoubleDash() {
    String name = "a".repeat(46) + "-" + "b".repeat(100);
    String job = JobNames.forDigest(name, DIGEST);
    assertThat(job)
        .hasSizeLessThanOrEqualTo(63)
        .matches("a{46}-[0-9a-f]{6}-3f9c1a2b")
        .doesNotContain("--");
  }

  @Test
  void sixtyThreeCharacterNamesThatDifferAtTheEndGetDistinctJobs() {
    String stem = "payments-ledger-reconciliation-service-migrations-eu-west-";
    String blue = stem + "blue1";
    String green = stem + "green";
    assertThat(blue).hasSize(63);
    assertThat(green).hasSize(63);
    for (String kind : new String[] {"migrate", "plan", "reset"}) {
      String forBlue = jobName(kind, blue);
      String forGreen = jobName(kind, green);
      assertThat(forBlue).hasSizeLessThanOrEqualTo(63).isNotEqualTo(forGreen);
      assertThat(forGreen).hasSizeLessThanOrEqualTo(63).matches("[a-z0-9]([-a-z0-9]*[a-z0-9])?");
    }
  }

  @Test
  void shortNamesAreKeptWhole() {
    assertThat(JobNames.forPlan("shop", DIGEST)).isEqualTo("shop-plan-3f9c1a2b");
  }

  private static String jobName(String kind, String resource) {
    return switch (kind) {
      case "plan" -> JobNames.forPlan(resource, DIGEST);
      case "reset" -> JobNames.forReset(resource, "token-1");
      default -> JobNames.forDigest(resource, DIGEST);
    };
  }

  @Test
  void labelValuesStayWithinSixtyThreeCharactersAndDistinct() {
    String a = "x".repeat(70) + "a";
    String b = "x".repeat(70) + "b";
    assertThat(Labels.value("shop")).isEqualTo("shop");
    assertThat(Labels.value(a)).hasSizeLessThanOrEqualTo(63).isNotEqualTo(Labels.value(b));
  }
}
