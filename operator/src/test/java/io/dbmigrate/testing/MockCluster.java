package io.dbmigrate.testing;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.authorization.v1.ResourceRule;
import io.fabric8.kubernetes.api.model.authorization.v1.ResourceRuleBuilder;
import io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectRulesReview;
import io.fabric8.kubernetes.api.model.authorization.v1.SubjectRulesReviewStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMixedDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.ServerRequest;
import io.fabric8.mockwebserver.ServerResponse;
import io.fabric8.mockwebserver.dsl.MockServerExpectation;
import io.fabric8.mockwebserver.http.Dispatcher;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * The API server of the tests: fabric8's mock server in CRUD mode, with the CRD the build generated
 * installed, so the status subresource behaves as on a real cluster. It also answers the
 * SelfSubjectRulesReview with which JOSDK checks, before leader election, that it may use Leases
 * (CRUD mode would store the review and return it without a status). Expectations ({@link
 * #expect()}) answer before the CRUD store, as fabric8's mixed mode does, so a test can make the
 * API server fail a request a few times.
 */
public final class MockCluster implements AutoCloseable {
  public static final String CRD_RESOURCE =
      "/META-INF/fabric8/databasemigrations.dbmigrate.io-v1.yml";

  private final KubernetesMockServer server;
  private final KubernetesClient client;
  private final RulesReviewDispatcher dispatcher;

  private MockCluster(KubernetesMockServer server, RulesReviewDispatcher dispatcher) {
    this.server = server;
    this.dispatcher = dispatcher;
    this.client = server.createClient();
  }

  /** The lease rules every replica is granted unless a test says otherwise. */
  public static final List<ResourceRule> LEASE_RULES =
      List.of(
          new ResourceRuleBuilder()
              .withApiGroups("coordination.k8s.io")
              .withResources("leases")
              .withVerbs("create", "get", "update")
              .build());

  public static MockCluster start() {
    return start(LEASE_RULES);
  }

  /**
   * @param rules what a SelfSubjectRulesReview answers, as a real API server would from RBAC
   */
  public static MockCluster start(List<ResourceRule> rules) {
    Map<ServerRequest, Queue<ServerResponse>> expectations = new ConcurrentHashMap<>();
    RulesReviewDispatcher dispatcher = new RulesReviewDispatcher(rules, expectations);
    KubernetesMockServer server =
        new KubernetesMockServer(
            new Context(), new MockWebServer(), expectations, dispatcher, false);
    server.init();
    MockCluster cluster = new MockCluster(server, dispatcher);
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

  /** A new client whose requests carry this User-Agent, so that a test can tell them apart. */
  public KubernetesClient newClient(String userAgent) {
    return server.createClient(
        builder -> builder.editOrNewConfig().withUserAgent(userAgent).endConfig());
  }

  /**
   * A canned answer for an exact method and path (with its query), taken before the CRUD store
   * answers: e.g. {@code expect().post().withPath(jobsPath).andReturn(500, status).times(2)}. Set
   * it up before the requests it answers can arrive (the queues are not meant for concurrent
   * edits).
   */
  public MockServerExpectation expect() {
    return server.expect();
  }

  /** Every request received so far, in order. */
  public List<ApiRequest> requests() {
    return List.copyOf(dispatcher.requests);
  }

  public void createNamespace(String name) {
    client
        .namespaces()
        .resource(new NamespaceBuilder().withNewMetadata().withName(name).endMetadata().build())
        .create();
  }

  private void installCrd() {
    try (InputStream crd = MockCluster.class.getResourceAsStream(CRD_RESOURCE)) {
      client
          .resource(
              client.getKubernetesSerialization().unmarshal(crd, CustomResourceDefinition.class))
          .create();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /**
   * Answers rules reviews from the given rules and sends everything else to fabric8's mixed
   * dispatcher: a pending expectation for the request if there is one, else the CRUD store.
   */
  private static final class RulesReviewDispatcher extends Dispatcher {
    private static final String PATH = "/apis/authorization.k8s.io/v1/selfsubjectrulesreviews";
    private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();
    private final Dispatcher crud;
    private final List<ResourceRule> rules;
    private final Queue<ApiRequest> requests = new ConcurrentLinkedQueue<>();

    RulesReviewDispatcher(
        List<ResourceRule> rules, Map<ServerRequest, Queue<ServerResponse>> expectations) {
      this.rules = List.copyOf(rules);
      this.crud = new KubernetesMixedDispatcher(expectations);
    }

    @Override
    public MockResponse dispatch(RecordedRequest request) {
      requests.add(
          new ApiRequest(request.getMethod(), request.getPath(), request.getHeader("User-Agent")));
      if ("POST".equals(request.getMethod()) && Objects.equals(PATH, request.getPath())) {
        SelfSubjectRulesReview review =
            SERIALIZATION.unmarshal(request.getUtf8Body(), SelfSubjectRulesReview.class);
        review.setStatus(
            new SubjectRulesReviewStatusBuilder()
                .withResourceRules(rules)
                .withIncomplete(false)
                .build());
        return new MockResponse().setResponseCode(201).setBody(SERIALIZATION.asJson(review));
      }
      return crud.dispatch(request);
    }

    @Override
    public void shutdown() {
      crud.shutdown();
    }
  }

  @Override
  public void close() {
    client.close();
    server.destroy();
  }
}
