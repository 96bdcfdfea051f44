package io.plantops.inference.http;

import io.undertow.server.HttpServerExchange;
import java.nio.charset.StandardCharsets;
import java.util.Deque;
import java.util.Map;
import java.util.Optional;

/**
 * One request as an endpoint sees it: its route, path parameters, query parameters and body, and
 * the ways to answer it. Answers go through the {@link ApiEdge}, which counts them.
 */
final class ApiCall {

  static final String JSON = "application/json";

  private final ApiEdge edge;
  private final ApiRoute route;
  private final HttpServerExchange exchange;
  private final Map<String, String> parameters;
  private final long startNanos;
  private byte[] body = new byte[0];

  ApiCall(
      ApiEdge edge,
      ApiRoute route,
      HttpServerExchange exchange,
      Map<String, String> parameters,
      long startNanos) {
    this.edge = edge;
    this.route = route;
    this.exchange = exchange;
    this.parameters = Map.copyOf(parameters);
    this.startNanos = startNanos;
  }

  ApiRoute route() {
    return route;
  }

  HttpServerExchange exchange() {
    return exchange;
  }

  long startNanos() {
    return startNanos;
  }

  /** A parameter of the path template, e.g. {@code name} of {@code /v2/models/{name}}. */
  Optional<String> path(String parameter) {
    return Optional.ofNullable(parameters.get(parameter));
  }

  /** The model (use case) the path names: {@code {name}} of the OIP templates. */
  String model() {
    return parameters.get("name");
  }

  /** The version the path names, if it names one: {@code {version}} of the OIP templates. */
  Optional<String> version() {
    return path("version");
  }

  /** The first value of a query parameter, if present. */
  Optional<String> query(String name) {
    Deque<String> v = exchange.getQueryParameters().get(name);
    return v == null || v.isEmpty() ? Optional.empty() : Optional.of(v.getFirst());
  }

  /** The request body (empty for routes that read none). */
  byte[] body() {
    return body;
  }

  void body(byte[] bytes) {
    body = bytes;
  }

  /** Answers {@code code} with a JSON body. */
  void json(int code, String json) {
    json(code, json.getBytes(StandardCharsets.UTF_8));
  }

  /** Answers {@code code} with a JSON body. */
  void json(int code, byte[] json) {
    edge.send(this, code, json, JSON, "");
  }

  /** Answers with what {@code modelVersion} computed, counted under that version. */
  void json(int code, byte[] json, String modelVersion) {
    edge.send(this, code, json, JSON, modelVersion);
  }

  /** Answers {@code code} with a body of another type. */
  void send(int code, byte[] body, String contentType) {
    edge.send(this, code, body, contentType, "");
  }
}
