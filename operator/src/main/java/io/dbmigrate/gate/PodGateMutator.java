package io.dbmigrate.gate;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dbmigrate.gate.Requirement.InvalidRequirementException;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodSchedulingGate;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.api.model.admission.v1.AdmissionRequest;
import io.fabric8.kubernetes.api.model.admission.v1.AdmissionResponse;
import io.fabric8.kubernetes.api.model.admission.v1.AdmissionResponseBuilder;
import io.fabric8.kubernetes.api.model.admission.v1.AdmissionReview;
import io.fabric8.kubernetes.api.model.admission.v1.AdmissionReviewBuilder;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The admission decision for a new pod: a pod whose {@code dbmigrate.io/requires} names a migration
 * that is not Ready (at the version it needs) gets one scheduling gate per such migration and the
 * label the reconciler watches; everything else passes untouched. What the pod cannot mean is
 * rejected, so a mistake fails when the pod is created instead of gating it forever or letting it
 * start without its schema: an annotation that cannot be parsed, a {@code dbmigrate.io/gate} label
 * other than {@code enabled} or {@code disabled}, and the label {@code enabled} without an
 * annotation.
 */
public final class PodGateMutator {
  private static final Logger LOG = LoggerFactory.getLogger(PodGateMutator.class);

  private final MigrationLookup migrations;
  private final KubernetesSerialization serialization;
  private final ObjectMapper json = new ObjectMapper();

  public PodGateMutator(MigrationLookup migrations, KubernetesSerialization serialization) {
    this.migrations = migrations;
    this.serialization = serialization;
  }

  public AdmissionReview review(AdmissionReview review) {
    AdmissionRequest request = review.getRequest();
    return new AdmissionReviewBuilder()
        .withApiVersion(review.getApiVersion())
        .withKind(review.getKind())
        .withResponse(respond(request))
        .build();
  }

  private AdmissionResponse respond(AdmissionRequest request) {
    AdmissionResponseBuilder response =
        new AdmissionResponseBuilder().withUid(request.getUid()).withAllowed(true);
    if (!"Pod".equals(request.getKind() == null ? null : request.getKind().getKind())
        || !"CREATE".equals(request.getOperation())) {
      return response.build();
    }
    Pod pod = serialization.convertValue(request.getObject(), Pod.class);
    String namespace =
        Objects.requireNonNullElse(request.getNamespace(), pod.getMetadata().getNamespace());
    Optional<String> optIn = GateLabel.valueOn(pod);
    if (optIn.filter(GateLabel.DISABLED::equals).isPresent()) {
      // Opted out; only a hand-made webhook configuration sends such a pod here.
      return response.build();
    }
    List<Requirement> requirements;
    try {
      requirements = requirementsOf(pod, optIn);
    } catch (InvalidRequirementException e) {
      LOG.info("{}/{}: new pod rejected: {}", namespace, podName(pod), e.getMessage());
      return response
          .withAllowed(false)
          .withStatus(new StatusBuilder().withCode(400).withMessage(e.getMessage()).build())
          .build();
    }
    List<Requirement> unmet = requirements.stream().filter(r -> !isMet(namespace, r)).toList();
    if (unmet.isEmpty()) {
      return response.build();
    }
    Set<String> existingGates = gateNames(pod);
    List<Requirement> toGate =
        unmet.stream().filter(r -> !existingGates.contains(r.gateName())).toList();
    LOG.info(
        "{}/{}: gating new pod until {}",
        namespace,
        podName(pod),
        unmet.stream().map(this::describe).collect(Collectors.joining(", ")));
    String patch = patch(pod, toGate);
    return response
        .withPatchType("JSONPatch")
        .withPatch(Base64.getEncoder().encodeToString(patch.getBytes(StandardCharsets.UTF_8)))
        .build();
  }

  /** The pod's requirements, or why the pod asks for something the gate cannot do. */
  private static List<Requirement> requirementsOf(Pod pod, Optional<String> optIn)
      throws InvalidRequirementException {
    if (optIn.filter(value -> !GateLabel.ENABLED.equals(value)).isPresent()) {
      throw new InvalidRequirementException(
          "label "
              + GateLabel.KEY
              + " is '"
              + optIn.get()
              + "': use '"
              + GateLabel.ENABLED
              + "' to hold the pod until the migrations in its "
              + Requirement.ANNOTATION
              + " annotation are Ready, or '"
              + GateLabel.DISABLED
              + "' to leave it ungated");
    }
    List<Requirement> requirements = RequiredMigrations.of(pod);
    if (requirements.isEmpty() && optIn.isPresent()) {
      throw new InvalidRequirementException(
          "label "
              + GateLabel.KEY
              + "="
              + GateLabel.ENABLED
              + " asks to hold the pod until its schema is ready, but it has no "
              + Requirement.ANNOTATION
              + " annotation: name the DatabaseMigration it needs (e.g. "
              + Requirement.ANNOTATION
              + ": shop@2) or remove the label");
    }
    return requirements;
  }

  private boolean isMet(String namespace, Requirement requirement) {
    // A migration that does not exist (yet) is not met: GitOps tools apply in any order.
    return migrations
        .find(namespace, requirement.migration())
        .map(state -> state.satisfies(requirement))
        .orElse(false);
  }

  /** JSON Patch: add the gates (creating the list if needed) and the gated label. */
  private String patch(Pod pod, List<Requirement> gates) {
    ArrayNode ops = json.createArrayNode();
    boolean hasGateList =
        pod.getSpec() != null
            && pod.getSpec().getSchedulingGates() != null
            && !pod.getSpec().getSchedulingGates().isEmpty();
    if (!gates.isEmpty()) {
      if (hasGateList) {
        gates.forEach(
            gate -> ops.add(op("add", "/spec/schedulingGates/-").set("value", gateNode(gate))));
      } else {
        ArrayNode list = json.createArrayNode();
        gates.forEach(gate -> list.add(gateNode(gate)));
        ops.add(op("add", "/spec/schedulingGates").set("value", list));
      }
    }
    Map<String, String> labels = pod.getMetadata().getLabels();
    if (labels == null || labels.isEmpty()) {
      ops.add(
          op("add", "/metadata/labels")
              .set("value", json.createObjectNode().put(Requirement.GATED_LABEL, "true")));
    } else {
      ops.add(op("add", Requirement.GATED_LABEL_PATH).put("value", "true"));
    }
    return ops.toString();
  }

  private ObjectNode op(String op, String path) {
    return json.createObjectNode().put("op", op).put("path", path);
  }

  private ObjectNode gateNode(Requirement requirement) {
    return json.createObjectNode().put("name", requirement.gateName());
  }

  private static Set<String> gateNames(Pod pod) {
    if (pod.getSpec() == null || pod.getSpec().getSchedulingGates() == null) {
      return Set.of();
    }
    return pod.getSpec().getSchedulingGates().stream()
        .map(PodSchedulingGate::getName)
        .collect(Collectors.toSet());
  }

  private String describe(Requirement requirement) {
    return requirement.migration() + requirement.minimumVersion().map(v -> "@" + v).orElse("");
  }

  private static String podName(Pod pod) {
    return Optional.ofNullable(pod.getMetadata().getName())
        .orElse(pod.getMetadata().getGenerateName() + "*");
  }
}
