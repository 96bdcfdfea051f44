package io.plantops.operator.admission;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.plantops.api.v1alpha1.Approval;
import io.plantops.api.v1alpha1.Plant;
import io.plantops.api.v1alpha1.SiteDeployment;
import io.plantops.api.v1alpha1.TagMapping;
import io.plantops.api.v1alpha1.UseCaseTemplate;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The operator's validating admission webhook: takes an {@code AdmissionReview}
 * (admission.k8s.io/v1) and answers one. Two endpoints, because they fail differently when the
 * operator is down (see docs/admission.md):
 *
 * <ul>
 *   <li>{@value #SPECS_PATH}: what the operator would refuse in any plantops resource ({@link
 *       SpecChecks}), refused with 422 and every field with its fix;
 *   <li>{@value #APPROVALS_PATH}: approvals of a SiteDeployment bound to the authenticated
 *       requester ({@link ApprovalChecks}), refused with 403.
 * </ul>
 *
 * The sandbox's API server calls this same class. DELETE, CONNECT and subresource writes are
 * allowed: nothing of them is checked here.
 */
public final class AdmissionWebhook {

  /** Path of the spec validation webhook. */
  public static final String SPECS_PATH = "/validate/specs";

  /** Path of the approval webhook. */
  public static final String APPROVALS_PATH = "/validate/approvals";

  private static final ObjectMapper JSON =
      new ObjectMapper().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  private final SpecChecks specs;
  private final Authorizer authorizer;
  private final Set<String> corporateRoles;

  /**
   * A webhook for which no approver role is corporate (every role may be granted per namespace).
   */
  public AdmissionWebhook(ClusterReader reader, Authorizer authorizer) {
    this(reader, authorizer, Set.of());
  }

  /**
   * @param corporateRoles approver roles granted cluster-wide only (see {@link ApprovalChecks})
   */
  public AdmissionWebhook(ClusterReader reader, Authorizer authorizer, Set<String> corporateRoles) {
    this.specs = new SpecChecks(reader);
    this.authorizer = authorizer;
    this.corporateRoles = Set.copyOf(corporateRoles);
  }

  /** The answer of the spec webhook to {@code review}. */
  public JsonNode specs(JsonNode review) {
    Request r = Request.of(review);
    if (r.skipped()) {
      return allow(r);
    }
    List<String> problems;
    try {
      problems =
          switch (r.kind()) {
            case "UseCaseTemplate" -> specs.template(r.object(UseCaseTemplate.class));
            case "TagMapping" -> specs.tagMapping(r.object(TagMapping.class));
            case "Plant" -> specs.plant(r.object(Plant.class));
            case "SiteDeployment" -> specs.siteDeployment(r.object(SiteDeployment.class));
            default -> List.of();
          };
    } catch (IllegalArgumentException e) {
      problems = List.of("the object cannot be read as a " + r.kind() + ": " + e.getMessage());
    }
    return problems.isEmpty() ? allow(r) : deny(r, 422, "Invalid", problems);
  }

  /** The answer of the approval webhook to {@code review}. */
  public JsonNode approvals(JsonNode review) {
    Request r = Request.of(review);
    if (r.skipped() || !"SiteDeployment".equals(r.kind())) {
      return allow(r);
    }
    List<String> refusals;
    try {
      refusals =
          ApprovalChecks.check(
              r.requester(),
              r.namespace(),
              approvalsOf(r.request().path("object")),
              approvalsOf(r.request().path("oldObject")),
              authorizer,
              corporateRoles);
    } catch (IllegalArgumentException e) {
      refusals = List.of("spec.approvals cannot be read: " + e.getMessage());
    }
    return refusals.isEmpty() ? allow(r) : deny(r, 403, "Forbidden", refusals);
  }

  private static List<Approval> approvalsOf(JsonNode object) {
    JsonNode list = object.path("spec").path("approvals");
    if (!list.isArray()) {
      return List.of();
    }
    return JSON.convertValue(list, new TypeReference<List<Approval>>() {});
  }

  private static JsonNode allow(Request r) {
    ObjectNode review = envelope();
    review.putObject("response").put("uid", r.uid()).put("allowed", true);
    return review;
  }

  private static JsonNode deny(Request r, int code, String reason, List<String> problems) {
    ObjectNode review = envelope();
    ObjectNode response = review.putObject("response").put("uid", r.uid()).put("allowed", false);
    response
        .putObject("status")
        .put("code", code)
        .put("reason", reason)
        .put("message", r.kind() + " " + r.name() + " is refused: " + String.join("; ", problems));
    return review;
  }

  private static ObjectNode envelope() {
    ObjectNode review = JSON.createObjectNode();
    review.put("apiVersion", "admission.k8s.io/v1").put("kind", "AdmissionReview");
    return review;
  }

  /** The parts of an AdmissionRequest the checks read. */
  private record Request(JsonNode request) {

    static Request of(JsonNode review) {
      JsonNode request = review.path("request");
      if (!request.isObject()) {
        throw new IllegalArgumentException("an AdmissionReview without a request");
      }
      return new Request(request);
    }

    String uid() {
      return request.path("uid").asText();
    }

    String kind() {
      return request.path("kind").path("kind").asText();
    }

    String namespace() {
      return request.path("namespace").asText("");
    }

    String name() {
      String name = request.path("name").asText("");
      return name.isEmpty() ? request.path("object").path("metadata").path("name").asText() : name;
    }

    boolean skipped() {
      String op = request.path("operation").asText();
      return !("CREATE".equals(op) || "UPDATE".equals(op))
          || !request.path("subResource").asText("").isEmpty();
    }

    <T> T object(Class<T> type) {
      return JSON.convertValue(request.path("object"), type);
    }

    Requester requester() {
      JsonNode u = request.path("userInfo");
      return new Requester(
          u.path("username").asText(""),
          u.path("uid").isMissingNode() ? null : u.path("uid").asText(),
          JSON.convertValue(
              u.path("groups").isArray() ? u.path("groups") : JSON.createArrayNode(),
              new TypeReference<List<String>>() {}),
          u.path("extra").isObject()
              ? JSON.convertValue(
                  u.path("extra"), new TypeReference<Map<String, List<String>>>() {})
              : Map.of());
    }
  }
}
