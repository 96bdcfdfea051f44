package io.plantops.connector.http;

import io.undertow.server.HttpServerExchange;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Deque;
import java.util.Optional;

/**
 * One request as an endpoint sees it: its route, query parameters and body, and the ways to answer
 * it. Answers go through the {@link HttpEdge}.
 */
final class Call {

  static final String JSON = "application/json";
  static final String TEXT = "text/plain; charset=utf-8";

  private final HttpEdge edge;
  private final Route route;
  private final HttpServerExchange exchange;
  private byte[] body = new byte[0];
  private volatile boolean answered;

  Call(HttpEdge edge, Route route, HttpServerExchange exchange) {
    this.edge = edge;
    this.route = route;
    this.exchange = exchange;
  }

  Route route() {
    return route;
  }

  HttpServerExchange exchange() {
    return exchange;
  }

  /** The first value of a query parameter, if present and not empty. */
  Optional<String> query(String name) {
    Deque<String> v = exchange.getQueryParameters().get(name);
    return v == null || v.isEmpty() || v.getFirst().isEmpty()
        ? Optional.empty()
        : Optional.of(v.getFirst());
  }

  /** The request body (empty for routes that read none). */
  byte[] body() {
    return body;
  }

  String bodyText() {
    return new String(body, StandardCharsets.UTF_8);
  }

  void body(byte[] bytes) {
    body = bytes;
  }

  /** Answers {@code code} with {@code value} as JSON. */
  void json(int code, Object value) throws IOException {
    send(code, edge.json().writeValueAsBytes(value), JSON);
  }

  /** Answers {@code code} with a body of {@code contentType}. */
  void send(int code, byte[] bytes, String contentType) {
    answered = true;
    edge.send(exchange, code, bytes, contentType);
  }

  boolean answered() {
    return answered;
  }
}
