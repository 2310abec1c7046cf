package io.dbmigrate.testing;

import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.admission.v1.AdmissionReview;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.MutatingWebhook;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.MutatingWebhookConfiguration;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.RuleWithOperations;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ServiceReference;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.IntSupplier;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * The API server's mutating admission of a new pod, played by the test because the mock API server
 * has none. From a MutatingWebhookConfiguration as it would be applied (the tests use the chart's
 * rendered one) it does, webhook by webhook, what the Kubernetes documentation on dynamic admission
 * control describes: match the rules, the namespaceSelector (against the namespace's stored labels
 * plus {@code kubernetes.io/metadata.name}, which the API server sets) and the objectSelector (the
 * pod's labels); call the webhook over HTTPS within its timeoutSeconds, trusting only the
 * configuration's caBundle and requiring a certificate for the Service's name; apply its patch, or
 * stop at its denial. A call that fails (nothing listens, timeout, TLS, an answer that is not an
 * AdmissionReview) is decided by the webhook's failurePolicy: Fail refuses the pod, Ignore goes on
 * without the webhook. The admitted pod is then created in the mock API server.
 *
 * <p>This is not the API server's code. It leaves out what these tests do not use: matchPolicy,
 * matchConditions, reinvocation, URL client configs, other operations and resources.
 */
public final class EmulatedAdmission {
  private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();
  private static final String NAMESPACE_NAME_LABEL = "kubernetes.io/metadata.name";

  private final KubernetesClient client;
  private final MutatingWebhookConfiguration configuration;
  private final IntSupplier servicePort;
  private final Map<String, HttpClient> clients = new ConcurrentHashMap<>();

  /**
   * @param servicePort the port on this machine where the webhook Service's endpoint (an operator
   *     replica) listens; asked at each call, so a test can take the webhook down and up again
   */
  public EmulatedAdmission(
      KubernetesClient client,
      MutatingWebhookConfiguration configuration,
      IntSupplier servicePort) {
    this.client = client;
    this.configuration = configuration;
    this.servicePort = servicePort;
  }

  /** The pod as stored, and the webhooks the API server called for it, in order. */
  public record Admitted(Pod pod, List<String> webhooksCalled) {}

  /** The API server's answer to a pod it does not create. */
  public static final class PodRefused extends RuntimeException {
    private final int code;

    PodRefused(int code, String message) {
      super(message);
      this.code = code;
    }

    public int code() {
      return code;
    }
  }

  /** {@code POST /api/v1/namespaces/{ns}/pods}: admission, then storage. */
  public Admitted create(Pod pod) {
    String namespaceName = pod.getMetadata().getNamespace();
    Namespace namespace = client.namespaces().withName(namespaceName).get();
    if (namespace == null) {
      throw new PodRefused(404, "namespaces \"" + namespaceName + "\" not found");
    }
    Map<String, String> namespaceLabels =
        new HashMap<>(labels(namespace.getMetadata().getLabels()));
    namespaceLabels.put(NAMESPACE_NAME_LABEL, namespaceName);

    Pod admitted = pod;
    List<String> called = new ArrayList<>();
    for (MutatingWebhook webhook : configuration.getWebhooks()) {
      if (!appliesToPodCreate(webhook.getRules())
          || !LabelSelectors.matches(webhook.getNamespaceSelector(), namespaceLabels)
          || !LabelSelectors.matches(
              webhook.getObjectSelector(), labels(admitted.getMetadata().getLabels()))) {
        continue;
      }
      called.add(webhook.getName());
      AdmissionReview answer;
      try {
        answer = call(webhook, admitted);
      } catch (IOException | GeneralSecurityException | RuntimeException e) {
        if ("Ignore".equals(webhook.getFailurePolicy())) {
          continue;
        }
        throw new PodRefused(
            500,
            "Internal error occurred: failed calling webhook \""
                + webhook.getName()
                + "\": failed to call webhook: "
                + e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
      if (!Boolean.TRUE.equals(answer.getResponse().getAllowed())) {
        var status = answer.getResponse().getStatus();
        throw new PodRefused(
            status == null || status.getCode() == null ? 400 : status.getCode(),
            "admission webhook \""
                + webhook.getName()
                + "\" denied the request: "
                + (status == null ? "without explanation" : status.getMessage()));
      }
      admitted = AdmissionClient.applyPatch(admitted, answer.getResponse());
    }
    return new Admitted(client.resource(admitted).create(), List.copyOf(called));
  }

  private AdmissionReview call(MutatingWebhook webhook, Pod pod)
      throws IOException, InterruptedException, GeneralSecurityException {
    ServiceReference service =
        Objects.requireNonNull(webhook.getClientConfig().getService(), "only Service webhooks");
    Duration timeout =
        Duration.ofSeconds(webhook.getTimeoutSeconds() == null ? 10 : webhook.getTimeoutSeconds());
    HttpClient http =
        clients.computeIfAbsent(webhook.getName(), name -> httpClient(webhook, service, timeout));
    AdmissionReview review = AdmissionClient.reviewOf(pod);
    HttpRequest request =
        HttpRequest.newBuilder(
                URI.create(
                    "https://localhost:"
                        + servicePort.getAsInt()
                        + service.getPath()
                        + "?timeout="
                        + timeout.toSeconds()
                        + "s"))
            .timeout(timeout)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(SERIALIZATION.asJson(review)))
            .build();
    HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 200) {
      throw new IOException(
          "webhook answered HTTP " + response.statusCode() + ": " + response.body());
    }
    AdmissionReview answer = SERIALIZATION.unmarshal(response.body(), AdmissionReview.class);
    if (answer.getResponse() == null
        || !review.getRequest().getUid().equals(answer.getResponse().getUid())) {
      throw new IOException("not an answer to the review: " + response.body());
    }
    return answer;
  }

  private static HttpClient httpClient(
      MutatingWebhook webhook, ServiceReference service, Duration timeout) {
    try {
      String caBundle =
          Objects.requireNonNull(webhook.getClientConfig().getCaBundle(), "a caBundle to trust");
      SSLContext tls = SSLContext.getInstance("TLS");
      tls.init(
          null,
          new X509ExtendedTrustManager[] {
            new ServiceTrust(
                trusting(Base64.getDecoder().decode(caBundle)),
                service.getName() + "." + service.getNamespace() + ".svc")
          },
          null);
      return HttpClient.newBuilder().sslContext(tls).connectTimeout(timeout).build();
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalStateException("cannot trust the caBundle of " + webhook.getName(), e);
    }
  }

  private static X509TrustManager trusting(byte[] pem)
      throws GeneralSecurityException, IOException {
    KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
    store.load(null, null);
    Collection<? extends java.security.cert.Certificate> certificates =
        CertificateFactory.getInstance("X.509").generateCertificates(new ByteArrayInputStream(pem));
    int i = 0;
    for (var certificate : certificates) {
      store.setCertificateEntry("ca-" + i++, certificate);
    }
    TrustManagerFactory factory =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    factory.init(store);
    for (var manager : factory.getTrustManagers()) {
      if (manager instanceof X509TrustManager x509) {
        return x509;
      }
    }
    throw new GeneralSecurityException("no X.509 trust manager");
  }

  private static boolean appliesToPodCreate(List<RuleWithOperations> rules) {
    return rules != null
        && rules.stream()
            .anyMatch(
                rule ->
                    anyOf(rule.getOperations(), "CREATE")
                        && anyOf(rule.getApiGroups(), "")
                        && anyOf(rule.getApiVersions(), "v1")
                        && anyOf(rule.getResources(), "pods")
                        && (rule.getScope() == null
                            || List.of("*", "Namespaced").contains(rule.getScope())));
  }

  private static boolean anyOf(List<String> values, String wanted) {
    return values != null && (values.contains(wanted) || values.contains("*"));
  }

  private static Map<String, String> labels(Map<String, String> labels) {
    return labels == null ? Map.of() : labels;
  }

  /**
   * The API server checks the webhook's certificate against the caBundle and the Service's DNS
   * name; the test connects to localhost, so the name is checked here instead of against the host
   * of the URL.
   */
  private static final class ServiceTrust extends X509ExtendedTrustManager {
    private final X509TrustManager chain;
    private final String dnsName;

    ServiceTrust(X509TrustManager chain, String dnsName) {
      this.chain = chain;
      this.dnsName = dnsName;
    }

    @Override
    public void checkServerTrusted(X509Certificate[] certificates, String authType)
        throws CertificateException {
      chain.checkServerTrusted(certificates, authType);
      List<String> names = new ArrayList<>();
      if (certificates[0].getSubjectAlternativeNames() != null) {
        certificates[0].getSubjectAlternativeNames().stream()
            .filter(name -> Integer.valueOf(2).equals(name.get(0)))
            .forEach(name -> names.add((String) name.get(1)));
      }
      if (!names.contains(dnsName)) {
        throw new CertificateException("certificate is valid for " + names + ", not " + dnsName);
      }
    }

    @Override
    public void checkServerTrusted(X509Certificate[] certificates, String authType, Socket socket)
        throws CertificateException {
      checkServerTrusted(certificates, authType);
    }

    @Override
    public void checkServerTrusted(
        X509Certificate[] certificates, String authType, SSLEngine engine)
        throws CertificateException {
      checkServerTrusted(certificates, authType);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] certificates, String authType)
        throws CertificateException {
      throw new CertificateException("a client only");
    }

    @Override
    public void checkClientTrusted(X509Certificate[] certificates, String authType, Socket socket)
        throws CertificateException {
      throw new CertificateException("a client only");
    }

    @Override
    public void checkClientTrusted(
        X509Certificate[] certificates, String authType, SSLEngine engine)
        throws CertificateException {
      throw new CertificateException("a client only");
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
      return chain.getAcceptedIssuers();
    }
  }
}
