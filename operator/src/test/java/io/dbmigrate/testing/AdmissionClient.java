package io.dbmigrate.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.GroupVersionKind;
import io.fabric8.kubernetes.api.model.GroupVersionResourceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.admission.v1.AdmissionResponse;
import io.fabric8.kubernetes.api.model.admission.v1.AdmissionReview;
import io.fabric8.kubernetes.api.model.admission.v1.AdmissionReviewBuilder;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.fabric8.zjsonpatch.JsonPatch;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.UUID;

/**
 * Plays the API server's admission step: sends a pod to the webhook over HTTPS, applies its patch.
 */
public final class AdmissionClient {
  private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();
  private static final ObjectMapper JSON = new ObjectMapper();

  private final HttpClient http;
  private final URI endpoint;

  public AdmissionClient(SelfSignedCertificate certificate, int port, String path) {
    this.http = HttpClient.newBuilder().sslContext(certificate.trustingClientContext()).build();
    this.endpoint = URI.create("https://localhost:" + port + path);
  }

  /** The review the API server sends for creating this pod. */
  public static AdmissionReview reviewOf(Pod pod) {
    return new AdmissionReviewBuilder()
        .withApiVersion("admission.k8s.io/v1")
        .withKind("AdmissionReview")
        .withNewRequest()
        .withUid(UUID.randomUUID().toString())
        .withKind(new GroupVersionKind("", "Pod", "v1"))
        .withResource(
            new GroupVersionResourceBuilder()
                .withGroup("")
                .withVersion("v1")
                .withResource("pods")
                .build())
        .withOperation("CREATE")
        .withNamespace(pod.getMetadata().getNamespace())
        .withObject(pod)
        .endRequest()
        .build();
  }

  public AdmissionResponse review(Pod pod) {
    AdmissionReview review = reviewOf(pod);
    HttpResponse<String> response = post(SERIALIZATION.asJson(review));
    if (response.statusCode() != 200) {
      throw new AssertionError(
          "webhook answered " + response.statusCode() + ": " + response.body());
    }
    AdmissionReview answer = SERIALIZATION.unmarshal(response.body(), AdmissionReview.class);
    if (!"AdmissionReview".equals(answer.getKind())
        || !review.getRequest().getUid().equals(answer.getResponse().getUid())) {
      throw new AssertionError("not an answer to the review: " + response.body());
    }
    return answer.getResponse();
  }

  /** The pod as the API server would store it: rejected pods throw, allowed ones are patched. */
  public Pod admit(Pod pod) {
    AdmissionResponse response = review(pod);
    if (!response.getAllowed()) {
      throw new IllegalArgumentException(response.getStatus().getMessage());
    }
    return applyPatch(pod, response);
  }

  public static Pod applyPatch(Pod pod, AdmissionResponse response) {
    if (response.getPatch() == null) {
      return pod;
    }
    try {
      JsonNode patch =
          JSON.readTree(
              new String(Base64.getDecoder().decode(response.getPatch()), StandardCharsets.UTF_8));
      JsonNode patched = JsonPatch.apply(patch, JSON.readTree(SERIALIZATION.asJson(pod)));
      return SERIALIZATION.unmarshal(patched.toString(), Pod.class);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  public HttpResponse<String> post(String body) {
    HttpRequest request =
        HttpRequest.newBuilder(endpoint)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build();
    try {
      return http.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
