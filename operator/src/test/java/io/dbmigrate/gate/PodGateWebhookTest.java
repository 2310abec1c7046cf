package io.dbmigrate.gate;

import static org.assertj.core.api.Assertions.assertThat;

import io.dbmigrate.testing.AdmissionClient;
import io.dbmigrate.testing.CapturedLogs;
import io.dbmigrate.testing.SelfSignedCertificate;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.admission.v1.AdmissionResponse;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Admission requests in, JSON patches out, over real HTTPS with a certificate made here. */
class PodGateWebhookTest {
  private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();
  private static final SelfSignedCertificate CERTIFICATE = SelfSignedCertificate.forLocalhost();

  @TempDir Path tmp;

  /** What the cluster holds: shop is Ready at version 3, billing is still migrating. */
  private final Map<String, MigrationReadiness> migrations =
      new HashMap<>(
          Map.of(
              "shop", new MigrationReadiness(true, Optional.of("3")),
              "billing", new MigrationReadiness(false, Optional.of("7"))));

  private WebhookServer server;
  private AdmissionClient admission;

  @BeforeEach
  void start() throws Exception {
    startWith(false);
  }

  private void startWith(boolean pkcs8) throws Exception {
    Path certificates = CERTIFICATE.writeTo(tmp.resolve(pkcs8 ? "pkcs8" : "pkcs1"), pkcs8);
    server =
        WebhookServer.start(
            0,
            certificates,
            new PodGateMutator(
                (namespace, name) ->
                    "shop-ns".equals(namespace)
                        ? Optional.ofNullable(migrations.get(name))
                        : Optional.empty(),
                SERIALIZATION),
            SERIALIZATION);
    admission = new AdmissionClient(CERTIFICATE, server.port(), WebhookServer.PATH);
  }

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void podWaitingForAMigrationGetsAGateAndTheLabel() throws Exception {
    Pod pod = pod("billing");
    AdmissionResponse response = admit(pod);
    assertThat(response.getAllowed()).isTrue();
    assertThat(response.getPatchType()).isEqualTo("JSONPatch");
    Pod patched = apply(pod, response);
    assertThat(patched.getSpec().getSchedulingGates())
        .extracting(g -> g.getName())
        .containsExactly("dbmigrate.io/billing");
    assertThat(patched.getMetadata().getLabels())
        .containsEntry("dbmigrate.io/gated", "true")
        .containsEntry("app", "shop");
  }

  @Test
  void podWhoseMigrationIsReadyPassesUntouched() throws Exception {
    AdmissionResponse response = admit(pod("shop@3"));
    assertThat(response.getAllowed()).isTrue();
    assertThat(response.getUid()).isNotBlank();
    assertThat(response.getPatch()).isNull();
  }

  @Test
  void versionNotYetReachedIsGated() throws Exception {
    Pod pod = pod("shop@3.1");
    Pod patched = apply(pod, admit(pod));
    assertThat(patched.getSpec().getSchedulingGates())
        .extracting(g -> g.getName())
        .containsExactly("dbmigrate.io/shop");
  }

  @Test
  void unknownMigrationGatesBecauseItMayBeAppliedLater() throws Exception {
    Pod pod = pod("reports");
    assertThat(apply(pod, admit(pod)).getSpec().getSchedulingGates())
        .extracting(g -> g.getName())
        .containsExactly("dbmigrate.io/reports");
  }

  @Test
  void severalRequirementsGateOnlyWhatIsUnmetAndKeepOtherGates() throws Exception {
    Pod pod =
        new PodBuilder(pod("shop@2, billing, reports@1.2"))
            .editSpec()
            .addNewSchedulingGate()
            .withName("example.com/other")
            .endSchedulingGate()
            .endSpec()
            .build();
    Pod patched = apply(pod, admit(pod));
    assertThat(patched.getSpec().getSchedulingGates())
        .extracting(g -> g.getName())
        .containsExactly("example.com/other", "dbmigrate.io/billing", "dbmigrate.io/reports");
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "Shop", "shop@", "shop@v3", "shop,,billing", "shop@1, shop@2", "a b"})
  void invalidAnnotationIsRejectedWithAClearMessage(String annotation) throws Exception {
    AdmissionResponse response = admit(pod(annotation));
    assertThat(response.getAllowed()).isFalse();
    assertThat(response.getStatus().getCode()).isEqualTo(400);
    assertThat(response.getStatus().getMessage()).startsWith("dbmigrate.io/requires");
  }

  @Test
  void labelWithoutTheAnnotationIsRejectedBecauseNothingSaysWhatToWaitFor() throws Exception {
    Pod pod =
        new PodBuilder(pod("shop"))
            .editMetadata()
            .withAnnotations(Map.of("other", "x"))
            .endMetadata()
            .build();
    AdmissionResponse response = admit(pod);
    assertThat(response.getAllowed()).isFalse();
    assertThat(response.getStatus().getCode()).isEqualTo(400);
    assertThat(response.getStatus().getMessage())
        .startsWith(
            "label dbmigrate.io/gate=enabled asks to hold the pod until its schema is ready, but it has no"
                + " dbmigrate.io/requires annotation")
        .contains("dbmigrate.io/requires: shop@2");
  }

  @ParameterizedTest
  @ValueSource(strings = {"true", "Enabled", "", "yes"})
  void labelValueOtherThanEnabledOrDisabledIsRejectedInsteadOfStartingUngated(String value)
      throws Exception {
    AdmissionResponse response = admit(labelled(pod("billing"), value));
    assertThat(response.getAllowed()).isFalse();
    assertThat(response.getStatus().getCode()).isEqualTo(400);
    assertThat(response.getStatus().getMessage())
        .isEqualTo(
            "label dbmigrate.io/gate is '"
                + value
                + "': use 'enabled' to hold the pod until the migrations"
                + " in its dbmigrate.io/requires annotation are Ready, or 'disabled' to leave it ungated");
  }

  @Test
  void podLabelledDisabledPassesUntouchedEvenWithTheAnnotation() throws Exception {
    AdmissionResponse response = admit(labelled(pod("billing"), "disabled"));
    assertThat(response.getAllowed()).isTrue();
    assertThat(response.getPatch()).isNull();
  }

  /** What a namespace opted in as a whole sends: pods without the label. */
  @Test
  void unlabelledPodIsGatedByItsAnnotationAndUntouchedWithout() throws Exception {
    Pod pod = unlabelled(pod("billing"));
    assertThat(apply(pod, admit(pod)).getSpec().getSchedulingGates())
        .extracting(g -> g.getName())
        .containsExactly("dbmigrate.io/billing");

    Pod other =
        new PodBuilder(unlabelled(pod("shop")))
            .editMetadata()
            .withAnnotations(Map.of("other", "x"))
            .endMetadata()
            .build();
    AdmissionResponse response = admit(other);
    assertThat(response.getAllowed()).isTrue();
    assertThat(response.getPatch()).isNull();
  }

  @Test
  void podWithoutLabelsGetsALabelMap() throws Exception {
    Pod pod = new PodBuilder(pod("billing")).editMetadata().withLabels(null).endMetadata().build();
    assertThat(apply(pod, admit(pod)).getMetadata().getLabels())
        .containsExactly(Map.entry("dbmigrate.io/gated", "true"));
  }

  @Test
  void rejectionsAreLoggedWithThePod() throws Exception {
    try (CapturedLogs logs = CapturedLogs.start()) {
      admit(pod("Shop"));
      assertThat(logs.text())
          .contains("shop-ns/shop-7d9f-*: new pod rejected: dbmigrate.io/requires entry 'Shop'");
    }
  }

  @Test
  void pkcs8KeysWorkToo() throws Exception {
    server.close();
    startWith(true);
    assertThat(admit(pod("billing")).getPatch()).isNotNull();
  }

  @Test
  void garbageGetsA400NotACrash() {
    HttpResponse<String> response = post("{\"kind\": 42");
    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(post("{}").statusCode()).isEqualTo(400);
  }

  /** A pod that opted in with the label, as the chart's webhook configuration selects them. */
  private static Pod pod(String requires) {
    return new PodBuilder()
        .withNewMetadata()
        .withGenerateName("shop-7d9f-")
        .withNamespace("shop-ns")
        .withLabels(Map.of("app", "shop", "dbmigrate.io/gate", "enabled"))
        .withAnnotations(Map.of("dbmigrate.io/requires", requires))
        .endMetadata()
        .withNewSpec()
        .addNewContainer()
        .withName("app")
        .withImage("shop:1")
        .endContainer()
        .endSpec()
        .build();
  }

  private static Pod labelled(Pod pod, String gate) {
    return new PodBuilder(pod)
        .editMetadata()
        .addToLabels("dbmigrate.io/gate", gate)
        .endMetadata()
        .build();
  }

  private static Pod unlabelled(Pod pod) {
    return new PodBuilder(pod)
        .editMetadata()
        .removeFromLabels("dbmigrate.io/gate")
        .endMetadata()
        .build();
  }

  private AdmissionResponse admit(Pod pod) {
    return admission.review(pod);
  }

  private HttpResponse<String> post(String body) {
    return admission.post(body);
  }

  private static Pod apply(Pod pod, AdmissionResponse response) {
    return AdmissionClient.applyPatch(pod, response);
  }
}
