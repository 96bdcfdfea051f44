package io.plantops.sandbox.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.dsl.HttpMethod;
import io.fabric8.mockwebserver.http.Buffer;
import io.fabric8.mockwebserver.http.Headers;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/** Requests and responses as the links read and write them: JSON bodies, API Status objects. */
final class Messages {

  static final ObjectMapper JSON = Serialization.jsonMapper();

  private Messages() {}

  /** A {@code Status} failure, as the API server answers one. */
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

  /** 400 for a body that does not parse. */
  static MockResponse badJson(Exception e) {
    return status(400, "BadRequest", "the request body is not valid JSON: " + e.getMessage(), null);
  }

  static MockResponse ok(JsonNode body) {
    return new MockResponse()
        .setResponseCode(200)
        .setHeader("Content-Type", "application/json")
        .setBody(json(body));
  }

  static String json(JsonNode node) {
    try {
      return JSON.writeValueAsString(node);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write JSON", e);
    }
  }

  /** A request's body, read without consuming it (Buffer's read methods empty it). */
  static String body(RecordedRequest request) {
    return utf8(request.getBody());
  }

  /** A response's body, read without consuming it. */
  static String body(MockResponse response) {
    return utf8(response.getBody());
  }

  private static String utf8(Buffer buffer) {
    return buffer == null ? "" : new String(buffer.getBytes(), StandardCharsets.UTF_8);
  }

  static String contentType(RecordedRequest request) {
    return Optional.ofNullable(request.getHeader("Content-Type")).orElse("");
  }

  /** A plain GET of {@code path}, for a link that reads the stored object. */
  static RecordedRequest get(RecordedRequest like, String path) {
    return new RecordedRequest(
        like.getHttpVersion(), HttpMethod.GET, path, new Headers.Builder().build(), new Buffer());
  }

  /** {@code request} with another method, content type and body. */
  static RecordedRequest rewrite(
      RecordedRequest request, HttpMethod method, String contentType, String body) {
    Headers.Builder b = new Headers.Builder();
    request
        .getHeaders()
        .toMultimap()
        .forEach(
            (name, values) -> {
              if (!name.equalsIgnoreCase("Content-Type")
                  && !name.equalsIgnoreCase("Content-Length")) {
                values.forEach(v -> b.add(name, v));
              }
            });
    b.add("Content-Type", contentType);
    return new RecordedRequest(
        request.getHttpVersion(),
        method,
        request.getPath(),
        b.build(),
        new Buffer().writeUtf8(body));
  }
}
