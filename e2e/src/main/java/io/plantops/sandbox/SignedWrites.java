package io.plantops.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.NonDeletingOperation;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.plantops.sandbox.api.SandboxApiServer;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Writes a manifest whose {@code spec.approvals} were signed by people (the examples' Lyon
 * SiteDeployments): the admission webhook records an approval only when its {@code approvedBy} is
 * the authenticated requester, so each signer writes the object with their own approvals added to
 * those already written, as they would in turn with {@code kubectl --context}. Anything else is
 * written by the administrator.
 */
final class SignedWrites {

  private SignedWrites() {}

  static void apply(SandboxApiServer api, KubernetesClient admin, HasMetadata resource) {
    JsonNode object = Serialization.jsonMapper().valueToTree(resource);
    JsonNode approvals = object.path("spec").path("approvals");
    Set<String> signers = new LinkedHashSet<>();
    approvals.forEach(a -> signers.add(a.path("approvedBy").asText()));
    if (signers.isEmpty()) {
      admin.resource(resource).createOr(NonDeletingOperation::update);
      return;
    }
    List<String> written = new ArrayList<>();
    for (String signer : signers) {
      written.add(signer);
      ObjectNode step = object.deepCopy();
      ArrayNode signed = ((ObjectNode) step.path("spec")).putArray("approvals");
      approvals.forEach(
          a -> {
            if (written.contains(a.path("approvedBy").asText())) {
              signed.add(a);
            }
          });
      GenericKubernetesResource r =
          Serialization.jsonMapper().convertValue(step, GenericKubernetesResource.class);
      try (KubernetesClient asSigner = api.newClient(signer)) {
        asSigner.resource(r).createOr(NonDeletingOperation::update);
      }
    }
  }
}
