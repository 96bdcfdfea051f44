package io.plantops.sandbox.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.http.Buffer;
import io.fabric8.mockwebserver.http.Dispatcher;
import io.fabric8.mockwebserver.http.Headers;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.fabric8.zjsonpatch.JsonPatch;
import io.plantops.expressions.manifest.ManifestValidator;
import io.plantops.expressions.manifest.Violation;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Puts the parts of a Kubernetes API server that kubectl and a real operator rely on in front of
 * Fabric8's CRUD mock: discovery (so {@code kubectl get sd} and categories work), OpenAPI v3 (so
 * {@code kubectl explain} works and {@code kubectl apply} hands validation to the server), Table
 * responses built from the CRDs' printer columns, and admission: schema defaulting and validation
 * of plantops resources with their CEL rules, answering 422 like an API server.
 *
 * <p>Everything else (storage, resourceVersion, generation, the status subresource, watches) is
 * Fabric8's CRUD dispatcher.
 */
final class SandboxDispatcher extends Dispatcher {

  private static final Logger LOG = LoggerFactory.getLogger(SandboxDispatcher.class);
  private static final ObjectMapper JSON = Serialization.jsonMapper();
  private static final Pattern RESOURCE_PATH =
      Pattern.compile(
          "^/(?:api/(?<coreVersion>v1)|apis/(?<group>[^/]+)/(?<version>[^/]+))"
              + "(?:/namespaces/(?<namespace>[^/]+))?/(?<plural>[^/]+)"
              + "(?:/(?<name>[^/]+))?(?:/(?<sub>status|scale))?$");
  private static final Pattern GROUP_PATH = Pattern.compile("^/apis/([^/]+)$");
  private static final Pattern GROUP_VERSION_PATH = Pattern.compile("^/apis/([^/]+)/([^/]+)$");

  private final KubernetesCrudDispatcher crud;
  private final ManifestValidator validator;
  private final Clock clock;
  private final List<ResourceType> types = new CopyOnWriteArrayList<>(ResourceType.builtIns());
  private final Map<String, JsonNode> crds = new LinkedHashMap<>();
  private final List<AuditRecord> audit = new CopyOnWriteArrayList<>();

  /** One request the server received, for tests that check RBAC coverage and write counts. */
  record AuditRecord(String method, String path, int code) {}

  SandboxDispatcher(KubernetesCrudDispatcher crud, ManifestValidator validator, Clock clock) {
    this.crud = crud;
    this.validator = validator;
    this.clock = clock;
  }

  /** Makes a CRD known to discovery, OpenAPI and Table rendering. */
  synchronized void registerCrd(JsonNode crd) {
    JsonNode spec = crd.path("spec");
    JsonNode names = spec.path("names");
    for (JsonNode version : spec.path("versions")) {
      List<String> shortNames = new ArrayList<>();
      names.path("shortNames").forEach(n -> shortNames.add(n.asText()));
      List<String> categories = new ArrayList<>();
      names.path("categories").forEach(n -> categories.add(n.asText()));
      ResourceType type =
          new ResourceType(
              spec.path("group").asText(),
              version.path("name").asText(),
              names.path("kind").asText(),
              names.path("plural").asText(),
              "Namespaced".equals(spec.path("scope").asText()),
              shortNames,
              categories,
              version.path("subresources").has("status"));
      types.removeIf(
          t -> t.groupVersion().equals(type.groupVersion()) && t.plural().equals(type.plural()));
      types.add(type);
      crds.put(type.groupVersion() + "/" + type.plural(), crd);
    }
  }

  List<AuditRecord> audit() {
    return List.copyOf(audit);
  }

  @Override
  public MockResponse dispatch(RecordedRequest request) {
    MockResponse response;
    try {
      response = route(request);
    } catch (RuntimeException e) {
      LOG.error("sandbox API server failed on {} {}", request.getMethod(), request.getPath(), e);
      response = status(500, "InternalError", e.toString(), null);
    }
    audit.add(new AuditRecord(request.getMethod(), request.getPath(), response.code()));
    return response;
  }

  private MockResponse route(RecordedRequest request) {
    String contentType = Optional.ofNullable(request.getHeader("Content-Type")).orElse("");
    if (contentType.contains("protobuf") || contentType.contains("cbor")) {
      // kubectl sends built-in kinds as protobuf first; on 415 client-go retries them as JSON
      return status(
          415,
          "UnsupportedMediaType",
          "the sandbox API server speaks JSON only, not " + contentType,
          null);
    }
    URI uri = URI.create(request.getPath());
    String path = uri.getRawPath();
    String method = request.getMethod();
    if ("GET".equals(method)) {
      Optional<MockResponse> meta = metadata(path);
      if (meta.isPresent()) {
        return meta.get();
      }
    }
    if ("POST".equals(method)
        && path.equals("/apis/authorization.k8s.io/v1/selfsubjectrulesreviews")) {
      return selfSubjectRulesReview(request);
    }
    Matcher m = RESOURCE_PATH.matcher(path);
    if (!m.matches()) {
      return crud.dispatch(request);
    }
    String group = m.group("coreVersion") != null ? "" : m.group("group");
    String version = m.group("coreVersion") != null ? "v1" : m.group("version");
    String gvPlural = (group.isEmpty() ? version : group + "/" + version) + "/" + m.group("plural");
    String sub = m.group("sub");
    boolean validated = crds.containsKey(gvPlural) && sub == null;
    switch (method) {
      case "GET":
        if (wantsTable(request) && !isWatch(uri)) {
          return table(request, gvPlural, m.group("name") != null);
        }
        return crud.dispatch(request);
      case "POST":
        request = secretStringData(request, gvPlural);
        if (m.group("namespace") != null && !namespaceExists(m.group("namespace"))) {
          return status(
              404,
              "NotFound",
              "namespaces \"" + m.group("namespace") + "\" not found",
              JSON.createObjectNode().put("name", m.group("namespace")).put("kind", "namespaces"));
        }
        return validated ? admit(request, method, null) : crud.dispatch(request);
      case "PUT":
        request = secretStringData(request, gvPlural);
        return validated ? admit(request, method, null) : crud.dispatch(request);
      case "PATCH":
        RecordedRequest patch = strategicToMerge(request);
        if (validated) {
          return admit(patch, method, m);
        }
        return isMergePatch(patch) ? mergeAsReplace(patch, m) : crud.dispatch(patch);
      default:
        return crud.dispatch(request);
    }
  }

  /**
   * The sandbox has one user, its administrator: a rules review (which JOSDK's leader election asks
   * for before it starts) answers that everything is allowed. RBAC itself is tested against the
   * operator's real rules in the operator module.
   */
  private static MockResponse selfSubjectRulesReview(RecordedRequest request) {
    try {
      ObjectNode review = (ObjectNode) JSON.readTree(utf8(request.getBody()));
      ObjectNode status = review.putObject("status");
      ObjectNode all = status.putArray("resourceRules").addObject();
      all.putArray("verbs").add("*");
      all.putArray("apiGroups").add("*");
      all.putArray("resources").add("*");
      ObjectNode urls = status.putArray("nonResourceRules").addObject();
      urls.putArray("verbs").add("*");
      urls.putArray("nonResourceURLs").add("*");
      status.put("incomplete", false);
      return new MockResponse().setResponseCode(201).setBody(json(review));
    } catch (IOException | ClassCastException e) {
      return status(400, "BadRequest", "not a SelfSubjectRulesReview: " + e.getMessage(), null);
    }
  }

  // --- admission -------------------------------------------------------------------------------

  /** Like an API server, refuse to create objects in a namespace that does not exist. */
  private boolean namespaceExists(String namespace) {
    return crud.handleGet("/api/v1/namespaces/" + namespace).code() == 200;
  }

  /**
   * Computes the object a write would store, applies the schema's defaults, validates it, and
   * stores it only when it is valid: a rejected manifest never changes what already works.
   */
  private MockResponse admit(RecordedRequest request, String method, Matcher patchPath) {
    JsonNode candidate;
    String body = utf8(request.getBody());
    try {
      if ("PATCH".equals(method)) {
        MockResponse current = crud.handleGet(request.getPath().replaceFirst("\\?.*$", ""));
        if (current.code() != 200) {
          return current;
        }
        JsonNode existing = JSON.readTree(bodyOf(current));
        if (existing.path("metadata").has("deletionTimestamp")) {
          // finalizer removal on an object being deleted: nothing to validate
          return crud.dispatch(request);
        }
        JsonNode patch = JSON.readTree(body);
        String contentType = Optional.ofNullable(request.getHeader("Content-Type")).orElse("");
        candidate =
            contentType.contains("json-patch")
                ? JsonPatch.apply(patch, existing)
                : mergePatch(existing.deepCopy(), patch);
      } else {
        candidate = JSON.readTree(body);
      }
    } catch (IOException | RuntimeException e) {
      return status(
          400, "BadRequest", "the request body is not valid JSON: " + e.getMessage(), null);
    }
    JsonNode defaulted = validator.withDefaults(candidate);
    List<Violation> violations = validator.validate(defaulted);
    if (!violations.isEmpty()) {
      return invalid(defaulted, violations);
    }
    String path = request.getPath();
    String forwardMethod = "PATCH".equals(method) ? "PUT" : method;
    return crud.dispatch(
        new RecordedRequest(
            request.getHttpVersion(),
            io.fabric8.mockwebserver.dsl.HttpMethod.valueOf(forwardMethod),
            path,
            withContentType(request.getHeaders(), "application/json"),
            new Buffer().writeUtf8(json(defaulted))));
  }

  private static boolean isMergePatch(RecordedRequest request) {
    return Optional.ofNullable(request.getHeader("Content-Type"))
        .orElse("")
        .contains("merge-patch");
  }

  /**
   * Applies a JSON merge patch (RFC 7386: a list in the patch replaces the stored list) and stores
   * the result with a PUT. The CRUD dispatcher's own merge appends to lists, which would make a
   * status patch of conditions grow the list on every write.
   */
  private MockResponse mergeAsReplace(RecordedRequest request, Matcher path) {
    String objectPath = request.getPath().replaceFirst("\\?.*$", "");
    if (path.group("sub") != null) {
      objectPath = objectPath.substring(0, objectPath.length() - path.group("sub").length() - 1);
    }
    MockResponse current = crud.handleGet(objectPath);
    if (current.code() != 200) {
      return current;
    }
    JsonNode merged;
    try {
      merged = mergePatch(JSON.readTree(bodyOf(current)), JSON.readTree(utf8(request.getBody())));
    } catch (IOException | RuntimeException e) {
      return status(
          400, "BadRequest", "the request body is not valid JSON: " + e.getMessage(), null);
    }
    return crud.dispatch(
        new RecordedRequest(
            request.getHttpVersion(),
            io.fabric8.mockwebserver.dsl.HttpMethod.PUT,
            request.getPath(),
            withContentType(request.getHeaders(), "application/json"),
            new Buffer().writeUtf8(json(merged))));
  }

  /** Like an API server, store a Secret's stringData as base64 data (stringData is write-only). */
  private static RecordedRequest secretStringData(RecordedRequest request, String gvPlural) {
    if (!"v1/secrets".equals(gvPlural)) {
      return request;
    }
    try {
      JsonNode secret = JSON.readTree(utf8(request.getBody()));
      if (!secret.has("stringData")) {
        return request;
      }
      ObjectNode s = (ObjectNode) secret;
      ObjectNode data = s.has("data") ? (ObjectNode) s.get("data") : s.putObject("data");
      s.get("stringData")
          .properties()
          .forEach(
              e ->
                  data.put(
                      e.getKey(),
                      java.util.Base64.getEncoder()
                          .encodeToString(e.getValue().asText().getBytes(StandardCharsets.UTF_8))));
      s.remove("stringData");
      return new RecordedRequest(
          request.getHttpVersion(),
          request.method(),
          request.getPath(),
          request.getHeaders(),
          new Buffer().writeUtf8(json(s)));
    } catch (IOException e) {
      return request;
    }
  }

  /** JSON merge patch, RFC 7386. */
  static JsonNode mergePatch(JsonNode target, JsonNode patch) {
    if (!patch.isObject()) {
      return patch.deepCopy();
    }
    ObjectNode result =
        target != null && target.isObject() ? (ObjectNode) target : JSON.createObjectNode();
    Iterator<Map.Entry<String, JsonNode>> fields = patch.fields();
    while (fields.hasNext()) {
      Map.Entry<String, JsonNode> e = fields.next();
      if (e.getValue().isNull()) {
        result.remove(e.getKey());
      } else {
        result.set(e.getKey(), mergePatch(result.get(e.getKey()), e.getValue()));
      }
    }
    return result;
  }

  /**
   * kubectl patches built-in kinds with a strategic merge patch, which Fabric8's mock does not
   * understand. For the objects the sandbox holds a JSON merge patch gives the same result.
   */
  private static RecordedRequest strategicToMerge(RecordedRequest request) {
    String contentType = request.getHeader("Content-Type");
    if (contentType == null || !contentType.contains("strategic-merge-patch")) {
      return request;
    }
    return new RecordedRequest(
        request.getHttpVersion(),
        request.method(),
        request.getPath(),
        withContentType(request.getHeaders(), "application/merge-patch+json"),
        new Buffer().writeUtf8(utf8(request.getBody())));
  }

  private static Headers withContentType(Headers headers, String contentType) {
    Headers.Builder b = new Headers.Builder();
    headers
        .toMultimap()
        .forEach(
            (name, values) -> {
              if (!name.equalsIgnoreCase("Content-Type")
                  && !name.equalsIgnoreCase("Content-Length")) {
                values.forEach(v -> b.add(name, v));
              }
            });
    b.add("Content-Type", contentType);
    return b.build();
  }

  private MockResponse invalid(JsonNode object, List<Violation> violations) {
    String kind = object.path("kind").asText();
    String group = object.path("apiVersion").asText().replaceFirst("/[^/]+$", "");
    String name = object.path("metadata").path("name").asText();
    ObjectNode details = JSON.createObjectNode();
    details.put("name", name).put("group", group).put("kind", kind);
    ArrayNode causes = details.putArray("causes");
    List<String> lines = new ArrayList<>();
    for (Violation v : violations) {
      causes
          .addObject()
          .put("reason", "FieldValueInvalid")
          .put("message", v.message())
          .put("field", v.path());
      lines.add(v.toString());
    }
    String message =
        kind + "." + group + " \"" + name + "\" is invalid: " + String.join(", ", lines);
    return status(422, "Invalid", message, details);
  }

  static MockResponse status(int code, String reason, String message, JsonNode details) {
    ObjectNode s = JSON.createObjectNode();
    s.put("kind", "Status").put("apiVersion", "v1");
    s.putObject("metadata");
    s.put("status", "Failure").put("message", message).put("reason", reason).put("code", code);
    if (details != null) {
      s.set("details", details);
    }
    return new MockResponse().setResponseCode(code).setBody(json(s));
  }

  // --- discovery and OpenAPI -------------------------------------------------------------------

  private Optional<MockResponse> metadata(String path) {
    if ("/version".equals(path)) {
      ObjectNode v = JSON.createObjectNode();
      v.put("major", "1").put("minor", "32").put("gitVersion", "v1.32.0-plantops-sandbox");
      v.put("platform", "linux/amd64").put("goVersion", "n/a").put("compiler", "n/a");
      return Optional.of(ok(v));
    }
    if ("/api".equals(path)) {
      ObjectNode v = JSON.createObjectNode();
      v.put("kind", "APIVersions");
      v.putArray("versions").add("v1");
      v.putArray("serverAddressByClientCIDRs");
      return Optional.of(ok(v));
    }
    if ("/apis".equals(path)) {
      return Optional.of(ok(Discovery.groupList(types)));
    }
    if ("/api/v1".equals(path)) {
      return Optional.of(ok(Discovery.resourceList(types, "", "v1")));
    }
    Matcher g = GROUP_PATH.matcher(path);
    if (g.matches() && Discovery.hasGroup(types, g.group(1))) {
      return Optional.of(ok(Discovery.group(types, g.group(1))));
    }
    Matcher gv = GROUP_VERSION_PATH.matcher(path);
    if (gv.matches() && Discovery.hasGroup(types, gv.group(1))) {
      return Optional.of(ok(Discovery.resourceList(types, gv.group(1), gv.group(2))));
    }
    if ("/openapi/v3".equals(path)) {
      return Optional.of(ok(OpenApi.root(types)));
    }
    if (path.startsWith("/openapi/v3/")) {
      String gvPath = path.substring("/openapi/v3/".length());
      return Optional.of(
          OpenApi.document(types, crds, gvPath)
              .map(SandboxDispatcher::ok)
              .orElseGet(() -> status(404, "NotFound", "no OpenAPI document for " + gvPath, null)));
    }
    if (path.startsWith("/openapi/v2")) {
      return Optional.of(status(404, "NotFound", "this server serves OpenAPI v3 only", null));
    }
    return Optional.empty();
  }

  // --- tables ----------------------------------------------------------------------------------

  private static boolean wantsTable(RecordedRequest request) {
    String accept = request.getHeader("Accept");
    return accept != null && accept.contains("as=Table");
  }

  private static boolean isWatch(URI uri) {
    String q = uri.getRawQuery();
    return q != null && q.contains("watch=true");
  }

  private MockResponse table(RecordedRequest request, String gvPlural, boolean single) {
    MockResponse stored = crud.dispatch(request);
    if (stored.code() != 200) {
      return stored;
    }
    try {
      JsonNode body = JSON.readTree(bodyOf(stored));
      List<JsonNode> items = new ArrayList<>();
      if (single) {
        items.add(body);
      } else {
        body.path("items").forEach(items::add);
      }
      return ok(Tables.render(crds.get(gvPlural), gvPlural, items, clock));
    } catch (IOException e) {
      return status(500, "InternalError", "cannot render a table: " + e.getMessage(), null);
    }
  }

  // --- helpers ---------------------------------------------------------------------------------

  private static String bodyOf(MockResponse response) {
    return utf8(response.getBody());
  }

  /** Reads a buffer without consuming it (Buffer's read methods empty it). */
  private static String utf8(Buffer buffer) {
    return buffer == null ? "" : new String(buffer.getBytes(), StandardCharsets.UTF_8);
  }

  private static MockResponse ok(JsonNode body) {
    return new MockResponse()
        .setResponseCode(200)
        .setHeader("Content-Type", "application/json")
        .setBody(json(body));
  }

  private static String json(JsonNode node) {
    try {
      return JSON.writeValueAsString(node);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
