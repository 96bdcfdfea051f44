package io.plantops.sandbox.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.mockwebserver.dsl.HttpMethod;
import io.fabric8.mockwebserver.http.Dispatcher;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;

/**
 * Translates the writes Fabric8's CRUD store does not understand, or understands differently from
 * an API server, into ones it stores as an API server would:
 *
 * <ul>
 *   <li>a strategic merge patch (what kubectl sends for built-in kinds) becomes a JSON merge patch,
 *       which gives the same result for the objects the sandbox holds;
 *   <li>a JSON merge patch is applied here (RFC 7386: a list in the patch replaces the stored list)
 *       and stored with a PUT: the store's own merge appends to lists, which would make a status
 *       patch of conditions grow the list on every write;
 *   <li>a Secret's {@code stringData} is stored as base64 {@code data} ({@code stringData} is
 *       write-only).
 * </ul>
 *
 * JSON patches and everything else go to the store unchanged.
 */
final class WriteTranslationLink implements Link {

  @Override
  public MockResponse dispatch(RecordedRequest request, Dispatcher next) {
    Optional<ResourcePath> path = ResourcePath.parse(request.getPath());
    if (path.isEmpty()) {
      return next.dispatch(request);
    }
    return switch (request.getMethod()) {
      case "POST", "PUT" ->
          next.dispatch(
              "v1/secrets".equals(path.get().gvPlural()) ? secretStringData(request) : request);
      case "PATCH" -> {
        String contentType = Messages.contentType(request);
        yield contentType.contains("merge-patch")
            ? mergeAsReplace(request, path.get(), next)
            : next.dispatch(request);
      }
      default -> next.dispatch(request);
    };
  }

  private static MockResponse mergeAsReplace(
      RecordedRequest request, ResourcePath path, Dispatcher next) {
    MockResponse current = next.dispatch(Messages.get(request, path.objectPath()));
    if (current.code() != 200) {
      return current;
    }
    JsonNode merged;
    try {
      merged =
          MergePatch.apply(
              Messages.JSON.readTree(Messages.body(current)),
              Messages.JSON.readTree(Messages.body(request)));
    } catch (IOException | RuntimeException e) {
      return Messages.badJson(e);
    }
    return next.dispatch(
        Messages.rewrite(request, HttpMethod.PUT, "application/json", Messages.json(merged)));
  }

  private static RecordedRequest secretStringData(RecordedRequest request) {
    JsonNode secret;
    try {
      secret = Messages.JSON.readTree(Messages.body(request));
    } catch (IOException e) {
      // not JSON: the store answers it as it answers any malformed body
      return request;
    }
    if (!(secret instanceof ObjectNode s) || !s.has("stringData")) {
      return request;
    }
    ObjectNode data = s.has("data") ? (ObjectNode) s.get("data") : s.putObject("data");
    s.get("stringData")
        .properties()
        .forEach(
            e ->
                data.put(
                    e.getKey(),
                    Base64.getEncoder()
                        .encodeToString(e.getValue().asText().getBytes(StandardCharsets.UTF_8))));
    s.remove("stringData");
    return Messages.rewrite(
        request,
        HttpMethod.valueOf(request.getMethod()),
        Messages.contentType(request).isEmpty()
            ? "application/json"
            : Messages.contentType(request),
        Messages.json(s));
  }
}
