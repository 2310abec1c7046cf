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
import java.util.ArrayList;
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
 * The admission decision for a new pod: a pod whose {@code dbmigrate.io/requires} names a
 * migration that is not Ready (at the version it needs) gets one scheduling gate per such
 * migration and the label the reconciler watches; everything else passes untouched. An
 * annotation that cannot be parsed is rejected, so a typo fails at {@code kubectl apply} time
 * instead of gating a pod forever.
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
    AdmissionResponseBuilder response = new AdmissionResponseBuilder().withUid(request.getUid()).withAllowed(true);
    if (!"Pod".equals(request.getKind() == null ? null : request.getKind().getKind())
        || !"CREATE".equals(request.getOperation())) {
      return response.build();
    }
    Pod pod = serialization.convertValue(request.getObject(), Pod.class);
    List<Requirement> requirements;
    try {
      requirements = RequiredMigrations.of(pod);
    } catch (InvalidRequirementException e) {
      return response.withAllowed(false).withStatus(new StatusBuilder().withCode(400).withMessage(e.getMessage()).build()).build();
    }
    String namespace = Objects.requireNonNullElse(request.getNamespace(), pod.getMetadata().getNamespace());
    List<Requirement> unmet = requirements.stream().filter(r -> !isMet(namespace, r)).toList();
    if (unmet.isEmpty()) {
      return response.build();
    }
    Set<String> existingGates = gateNames(pod);
    List<Requirement> toGate = unmet.stream().filter(r -> !existingGates.contains(r.gateName())).toList();
    LOG.info("{}/{}: gating new pod until {}", namespace, podName(pod),
        unmet.stream().map(this::describe).collect(Collectors.joining(", ")));
    String patch = patch(pod, toGate);
    return response
        .withPatchType("JSONPatch")
        .withPatch(Base64.getEncoder().encodeToString(patch.getBytes(StandardCharsets.UTF_8)))
        .build();
  }

  private boolean isMet(String namespace, Requirement requirement) {
    // A migration that does not exist (yet) is not met: GitOps tools apply in any order.
    return migrations.find(namespace, requirement.migration()).map(state -> state.satisfies(requirement)).orElse(false);
  }

  /** JSON Patch: add the gates (creating the list if needed) and the gated label. */
  private String patch(Pod pod, List<Requirement> gates) {
    ArrayNode ops = json.createArrayNode();
    boolean hasGateList = pod.getSpec() != null && pod.getSpec().getSchedulingGates() != null
        && !pod.getSpec().getSchedulingGates().isEmpty();
    if (!gates.isEmpty()) {
      if (hasGateList) {
        gates.forEach(gate -> ops.add(op("add", "/spec/schedulingGates/-").set("value", gateNode(gate))));
      } else {
        ArrayNode list = json.createArrayNode();
        gates.forEach(gate -> list.add(gateNode(gate)));
        ops.add(op("add", "/spec/schedulingGates").set("value", list));
      }
    }
    Map<String, String> labels = pod.getMetadata().getLabels();
    if (labels == null || labels.isEmpty()) {
      ops.add(op("add", "/metadata/labels").set("value", json.createObjectNode().put(Requirement.GATED_LABEL, "true")));
    } else {
      ops.add(op("add", "/metadata/labels/" + Requirement.GATED_LABEL.replace("~", "~0").replace("/", "~1")).put("value", "true"));
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
    return pod.getSpec().getSchedulingGates().stream().map(PodSchedulingGate::getName).collect(Collectors.toSet());
  }

  private String describe(Requirement requirement) {
    return requirement.migration() + requirement.minimumVersion().map(v -> "@" + v).orElse("");
  }

  private static String podName(Pod pod) {
    return Optional.ofNullable(pod.getMetadata().getName()).orElse(pod.getMetadata().getGenerateName() + "*");
  }
}
