package io.dbmigrate.config;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class EnvironmentsTest {
  @Test
  void onlyTheExactNameDevelopmentIsDevelopment() {
    assertThat(Environments.isDevelopment("development")).isTrue();
    assertThat(Environments.isDevelopment("Development")).isFalse();
    assertThat(Environments.isDevelopment(" development ")).isFalse();
    assertThat(Environments.isDevelopment("dev")).isFalse();
    assertThat(Environments.isDevelopment(null)).isFalse();
  }

  @Test
  void theDefaultIsProductionWhereNothingIsDestroyed() {
    assertThat(Environments.DEFAULT).isEqualTo("production");
    assertThat(Environments.isDevelopment(Environments.DEFAULT)).isFalse();
  }
}
