package io.dbmigrate.testing;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import java.io.InputStream;
import java.util.HashMap;
import java.util.List;

/**
 * The API server of the tests: fabric8's mock server in CRUD mode, with the CRD the build
 * generated installed, so the status subresource behaves as on a real cluster.
 */
public final class MockCluster implements AutoCloseable {
  public static final String CRD_RESOURCE = "/META-INF/fabric8/databasemigrations.dbmigrate.io-v1.yml";

  private final KubernetesMockServer server;
  private final KubernetesClient client;

  private MockCluster(KubernetesMockServer server) {
    this.server = server;
    this.client = server.createClient();
  }

  public static MockCluster start() {
    KubernetesMockServer server =
        new KubernetesMockServer(
            new Context(), new MockWebServer(), new HashMap<>(), new KubernetesCrudDispatcher(List.of()), false);
    server.init();
    MockCluster cluster = new MockCluster(server);
    cluster.installCrd();
    return cluster;
  }

  public KubernetesClient client() {
    return client;
  }

  /** A new client, as a second process (another operator replica) would have. */
  public KubernetesClient newClient() {
    return server.createClient();
  }

  public void createNamespace(String name) {
    client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(name).endMetadata().build()).create();
  }

  private void installCrd() {
    try (InputStream crd = MockCluster.class.getResourceAsStream(CRD_RESOURCE)) {
      client.resource(client.getKubernetesSerialization().unmarshal(crd, CustomResourceDefinition.class)).create();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    client.close();
    server.destroy();
  }
}
