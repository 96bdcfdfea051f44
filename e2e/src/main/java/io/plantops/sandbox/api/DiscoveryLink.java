package io.plantops.sandbox.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.mockwebserver.http.Dispatcher;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.io.IOException;
import java.net.URI;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What kubectl and client libraries ask before they touch a resource: the server version, legacy
 * discovery (so {@code kubectl get sd} and categories work), OpenAPI v3 (so {@code kubectl explain}
 * works and {@code kubectl apply} hands validation to the server), and the rules review JOSDK's
 * leader election asks for.
 */
final class DiscoveryLink implements Link {

  private static final Pattern GROUP_PATH = Pattern.compile("^/apis/([^/]+)$");
  private static final Pattern GROUP_VERSION_PATH = Pattern.compile("^/apis/([^/]+)/([^/]+)$");
  private static final String RULES_REVIEW =
      "/apis/authorization.k8s.io/v1/selfsubjectrulesreviews";

  private final ApiResources resources;

  DiscoveryLink(ApiResources resources) {
    this.resources = resources;
  }

  @Override
  public MockResponse dispatch(RecordedRequest request, Dispatcher next) {
    String path = URI.create(request.getPath()).getRawPath();
    if ("GET".equals(request.getMethod())) {
      Optional<MockResponse> answer = metadata(path);
      if (answer.isPresent()) {
        return answer.get();
      }
    }
    if ("POST".equals(request.getMethod()) && RULES_REVIEW.equals(path)) {
      return selfSubjectRulesReview(request);
    }
    return next.dispatch(request);
  }

  private Optional<MockResponse> metadata(String path) {
    var types = resources.types();
    if ("/version".equals(path)) {
      ObjectNode v = Messages.JSON.createObjectNode();
      v.put("major", "1").put("minor", "32").put("gitVersion", "v1.32.0-plantops-sandbox");
      v.put("platform", "linux/amd64").put("goVersion", "n/a").put("compiler", "n/a");
      return Optional.of(Messages.ok(v));
    }
    if ("/api".equals(path)) {
      ObjectNode v = Messages.JSON.createObjectNode();
      v.put("kind", "APIVersions");
      v.putArray("versions").add("v1");
      v.putArray("serverAddressByClientCIDRs");
      return Optional.of(Messages.ok(v));
    }
    if ("/apis".equals(path)) {
      return Optional.of(Messages.ok(Discovery.groupList(types)));
    }
    if ("/api/v1".equals(path)) {
      return Optional.of(Messages.ok(Discovery.resourceList(types, "", "v1")));
    }
    Matcher g = GROUP_PATH.matcher(path);
    if (g.matches() && Discovery.hasGroup(types, g.group(1))) {
      return Optional.of(Messages.ok(Discovery.group(types, g.group(1))));
    }
    Matcher gv = GROUP_VERSION_PATH.matcher(path);
    if (gv.matches() && Discovery.hasGroup(types, gv.group(1))) {
      return Optional.of(Messages.ok(Discovery.resourceList(types, gv.group(1), gv.group(2))));
    }
    if ("/openapi/v3".equals(path)) {
      return Optional.of(Messages.ok(OpenApi.root(types)));
    }
    if (path.startsWith("/openapi/v3/")) {
      String gvPath = path.substring("/openapi/v3/".length());
      Optional<JsonNode> doc = OpenApi.document(types, resources.crds(), gvPath);
      return Optional.of(
          doc.map(Messages::ok)
              .orElseGet(
                  () ->
                      Messages.status(404, "NotFound", "no OpenAPI document for " + gvPath, null)));
    }
    if (path.startsWith("/openapi/v2")) {
      return Optional.of(
          Messages.status(404, "NotFound", "this server serves OpenAPI v3 only", null));
    }
    return Optional.empty();
  }

  /**
   * The sandbox has one user, its administrator: a rules review answers that everything is allowed.
   * RBAC itself is tested against the operator's real rules in the operator module.
   */
  private static MockResponse selfSubjectRulesReview(RecordedRequest request) {
    try {
      ObjectNode review = (ObjectNode) Messages.JSON.readTree(Messages.body(request));
      ObjectNode status = review.putObject("status");
      ObjectNode all = status.putArray("resourceRules").addObject();
      all.putArray("verbs").add("*");
      all.putArray("apiGroups").add("*");
      all.putArray("resources").add("*");
      ObjectNode urls = status.putArray("nonResourceRules").addObject();
      urls.putArray("verbs").add("*");
      urls.putArray("nonResourceURLs").add("*");
      status.put("incomplete", false);
      return new MockResponse().setResponseCode(201).setBody(Messages.json(review));
    } catch (IOException | ClassCastException e) {
      return Messages.status(
          400, "BadRequest", "not a SelfSubjectRulesReview: " + e.getMessage(), null);
    }
  }
}
