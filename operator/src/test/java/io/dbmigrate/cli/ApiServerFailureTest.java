package io.dbmigrate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import org.junit.jupiter.api.Test;

class ApiServerFailureTest {
  @Test
  void anAnswerFromTheServerIsNamedWithItsCodeAndMessage() {
    KubernetesClientException forbidden =
        new KubernetesClientException(
            new StatusBuilder()
                .withCode(403)
                .withMessage(
                    "databasemigrations.dbmigrate.io \"shop\" is forbidden: User \"system:serviceaccount:shop:app\" cannot get")
                .build());
    assertThat(ApiServerFailure.describe("https://10.0.0.1:443/", forbidden))
        .isEqualTo(
            "the Kubernetes API server at https://10.0.0.1:443/ refused the request (HTTP 403): databasemigrations.dbmigrate.io"
                + " \"shop\" is forbidden: User \"system:serviceaccount:shop:app\" cannot get");
  }
}
