package io.plantops.sandbox.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.plantops.api.v1alpha1.ApiGroup;
import io.plantops.operator.admission.AdmissionWebhook;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.UnaryOperator;

/**
 * The validating admission webhooks the chart registers (helm/plantops/templates/admission.yaml),
 * called as the API server calls them, but in-process: the operator's own {@link AdmissionWebhook},
 * given an {@code AdmissionReview} with the authenticated user as {@code userInfo}, the object as
 * it would be stored and the stored one. A denial is answered as the API server answers it: {@code
 * admission webhook "approvals.plantops.io" denied the request: ...} with the webhook's code.
 */
final class WebhookAdmission {

  /** One webhook: its name, the resources of plantops.io it is registered for, its endpoint. */
  private record Webhook(String name, List<String> resources, UnaryOperator<JsonNode> endpoint) {}

  private final List<Webhook> webhooks;
  private final Authenticator authenticator;

  WebhookAdmission(AdmissionWebhook webhook, Authenticator authenticator) {
    this.authenticator = authenticator;
    this.webhooks =
        List.of(
            new Webhook("approvals.plantops.io", List.of("sitedeployments"), webhook::approvals),
            new Webhook(
                "specs.plantops.io",
                List.of("usecasetemplates", "plants", "tagmappings", "sitedeployments"),
                webhook::specs));
  }

  /**
   * The refusal of the first webhook that denies the write, if one does.
   *
   * @param oldObject the stored object on UPDATE, null on CREATE
   */
  Optional<MockResponse> review(
      RecordedRequest request, ResourcePath path, JsonNode object, JsonNode oldObject) {
    if (!path.group().equals(ApiGroup.GROUP)) {
      return Optional.empty();
    }
    SandboxUser user =
        authenticator
            .authenticate(request)
            .orElseThrow(() -> new IllegalStateException("admission before authentication"));
    JsonNode review = admissionReview(path, object, oldObject, user);
    for (Webhook w : webhooks) {
      if (!w.resources().contains(path.plural())) {
        continue;
      }
      JsonNode response = w.endpoint().apply(review).path("response");
      if (!response.path("allowed").asBoolean(false)) {
        JsonNode status = response.path("status");
        return Optional.of(
            Messages.status(
                status.path("code").asInt(400),
                status.path("reason").asText("BadRequest"),
                "admission webhook \""
                    + w.name()
                    + "\" denied the request: "
                    + status.path("message").asText(),
                null));
      }
    }
    return Optional.empty();
  }

  /** An admission.k8s.io/v1 AdmissionReview, as the API server sends it to a webhook. */
  static JsonNode admissionReview(
      ResourcePath path, JsonNode object, JsonNode oldObject, SandboxUser user) {
    ObjectNode review = Messages.JSON.createObjectNode();
    review.put("apiVersion", "admission.k8s.io/v1").put("kind", "AdmissionReview");
    ObjectNode request = review.putObject("request");
    request.put("uid", UUID.randomUUID().toString());
    String kind = object.path("kind").asText();
    request
        .putObject("kind")
        .put("group", path.group())
        .put("version", path.version())
        .put("kind", kind);
    request
        .putObject("resource")
        .put("group", path.group())
        .put("version", path.version())
        .put("resource", path.plural());
    request.put("name", object.path("metadata").path("name").asText());
    path.namespace().ifPresent(ns -> request.put("namespace", ns));
    request.put("operation", oldObject == null ? "CREATE" : "UPDATE");
    ObjectNode userInfo = request.putObject("userInfo").put("username", user.name());
    user.groups().forEach(userInfo.putArray("groups")::add);
    request.set("object", object);
    if (oldObject != null) {
      request.set("oldObject", oldObject);
    }
    request.put("dryRun", false);
    return review;
  }
}
