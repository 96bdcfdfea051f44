package io.plantops.sandbox.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.mockwebserver.dsl.HttpMethod;
import io.fabric8.mockwebserver.http.Dispatcher;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.fabric8.zjsonpatch.JsonPatch;
import io.plantops.expressions.manifest.ManifestValidator;
import io.plantops.expressions.manifest.Violation;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Admission, as the API server runs it before anything is stored:
 *
 * <ul>
 *   <li>an object is created only in a namespace that exists (the NamespaceLifecycle plugin);
 *   <li>a write of a custom resource (create, replace, or patch: JSON patch, merge patch, or a
 *       strategic merge patch taken as a merge patch) is turned into the whole object it would
 *       store, given the schema's defaults and validated with the schema and its CEL rules; an
 *       invalid one is refused with 422 naming each field, and a valid one goes on as the defaulted
 *       object, a PATCH as a PUT. A rejected manifest never changes what already works;
 *   <li>the sandbox's {@link Mutation}s (e.g. {@code --fast} clocks for templates) are applied to
 *       that object after the defaults and before validation, as a mutating webhook's would, on
 *       every write: a re-applied manifest gets them again. The response says so in a {@code
 *       Warning} header, and when a mutation fails the write is refused with a message that says
 *       so, rather than stored without it;
 *   <li>last, the validating webhooks the chart registers ({@link WebhookAdmission}): the
 *       operator's own admission code, with the authenticated user as the requester.
 * </ul>
 *
 * Status subresource writes are not validated, as on a cluster where the schema's rules for status
 * are the controller's business.
 */
final class AdmissionLink implements Link {

  private static final Logger LOG = LoggerFactory.getLogger(AdmissionLink.class);

  private final ApiResources resources;
  private final ManifestValidator validator;
  private final List<Mutation> mutations;
  private final Optional<WebhookAdmission> webhooks;

  AdmissionLink(ApiResources resources, ManifestValidator validator) {
    this(resources, validator, List.of());
  }

  AdmissionLink(ApiResources resources, ManifestValidator validator, List<Mutation> mutations) {
    this(resources, validator, mutations, Optional.empty());
  }

  /**
   * @param webhooks the validating webhooks, called last, on the object as it would be stored
   */
  AdmissionLink(
      ApiResources resources,
      ManifestValidator validator,
      List<Mutation> mutations,
      Optional<WebhookAdmission> webhooks) {
    this.resources = resources;
    this.validator = validator;
    this.mutations = List.copyOf(mutations);
    this.webhooks = webhooks;
  }

  @Override
  public MockResponse dispatch(RecordedRequest request, Dispatcher next) {
    Optional<ResourcePath> parsed = ResourcePath.parse(request.getPath());
    if (parsed.isEmpty()) {
      return next.dispatch(request);
    }
    ResourcePath path = parsed.get();
    String method = request.getMethod();
    if ("POST".equals(method) && path.namespace().isPresent()) {
      String ns = path.namespace().get();
      if (next.dispatch(Messages.get(request, "/api/v1/namespaces/" + ns)).code() != 200) {
        ObjectNode details = Messages.JSON.createObjectNode();
        details.put("name", ns).put("kind", "namespaces");
        return Messages.status(404, "NotFound", "namespaces \"" + ns + "\" not found", details);
      }
    }
    boolean validated = resources.crd(path.gvPlural()).isPresent() && path.subresource().isEmpty();
    if (!validated || !List.of("POST", "PUT", "PATCH").contains(method)) {
      return next.dispatch(request);
    }
    JsonNode candidate;
    JsonNode existing = null;
    try {
      if ("PUT".equals(method)) {
        MockResponse current = next.dispatch(Messages.get(request, path.objectPath()));
        if (current.code() == 200) {
          existing = Messages.JSON.readTree(Messages.body(current));
        }
      }
      if ("PATCH".equals(method)) {
        MockResponse current = next.dispatch(Messages.get(request, path.objectPath()));
        if (current.code() != 200) {
          return current;
        }
        existing = Messages.JSON.readTree(Messages.body(current));
        if (existing.path("metadata").has("deletionTimestamp")) {
          // finalizer removal on an object being deleted: nothing to validate
          return next.dispatch(request);
        }
        candidate = patched(existing, request);
      } else {
        candidate = Messages.JSON.readTree(Messages.body(request));
      }
    } catch (IOException | RuntimeException e) {
      return Messages.badJson(e);
    }
    JsonNode defaulted = validator.withDefaults(candidate);
    List<String> warnings = new ArrayList<>();
    for (Mutation m : mutations) {
      if (!m.gvPlural().equals(path.gvPlural())) {
        continue;
      }
      try {
        defaulted = annotated(m.change().apply(defaulted), m.name());
      } catch (RuntimeException e) {
        return Messages.status(
            400,
            "BadRequest",
            "the sandbox's "
                + m.name()
                + " mutation cannot be applied to "
                + describe(defaulted)
                + ", so it is not stored (the sandbox never stores it without): "
                + e.getMessage(),
            null);
      }
      LOG.info("{}: {} applied on {}", describe(defaulted), m.name(), method);
      warnings.add(m.warning());
    }
    List<Violation> violations = validator.validate(defaulted);
    if (!violations.isEmpty()) {
      return invalid(defaulted, violations);
    }
    if (webhooks.isPresent()) {
      Optional<MockResponse> refused =
          webhooks.get().review(request, path, defaulted, "POST".equals(method) ? null : existing);
      if (refused.isPresent()) {
        return refused.get();
      }
    }
    HttpMethod forward = "PATCH".equals(method) ? HttpMethod.PUT : HttpMethod.valueOf(method);
    MockResponse stored =
        next.dispatch(
            Messages.rewrite(request, forward, "application/json", Messages.json(defaulted)));
    if (stored.code() < 300) {
      // RFC 7234 §5.5 warn-code 299, the form the API server uses and kubectl prints
      warnings.forEach(w -> stored.addHeader("Warning", "299 - \"" + w.replace("\"", "'") + "\""));
    }
    return stored;
  }

  private static JsonNode annotated(JsonNode object, String mutation) {
    ObjectNode copy = (ObjectNode) object.deepCopy();
    ObjectNode metadata =
        copy.path("metadata") instanceof ObjectNode m ? m : copy.putObject("metadata");
    ObjectNode annotations =
        metadata.path("annotations") instanceof ObjectNode a
            ? a
            : metadata.putObject("annotations");
    annotations.put(Mutation.ANNOTATION, mutation);
    return copy;
  }

  private static String describe(JsonNode object) {
    return object.path("kind").asText() + " " + object.path("metadata").path("name").asText();
  }

  private static JsonNode patched(JsonNode existing, RecordedRequest request) throws IOException {
    JsonNode patch = Messages.JSON.readTree(Messages.body(request));
    return Messages.contentType(request).contains("json-patch")
        ? JsonPatch.apply(patch, existing)
        : MergePatch.apply(existing.deepCopy(), patch);
  }

  /** 422 Invalid, with one cause per violation, as the API server reports a schema failure. */
  private static MockResponse invalid(JsonNode object, List<Violation> violations) {
    String kind = object.path("kind").asText();
    String group = object.path("apiVersion").asText().replaceFirst("/[^/]+$", "");
    String name = object.path("metadata").path("name").asText();
    ObjectNode details = Messages.JSON.createObjectNode();
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
    return Messages.status(422, "Invalid", message, details);
  }
}
