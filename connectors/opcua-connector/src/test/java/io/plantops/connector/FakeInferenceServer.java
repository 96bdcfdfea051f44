package io.plantops.connector;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.plantops.contract.BatchAck;
import io.plantops.contract.HistorySeries;
import io.plantops.contract.PlantConfigCodec;
import io.plantops.contract.Recommendation;
import io.plantops.contract.SignalBatch;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The two endpoints of the inference server the connector talks to, as the contract defines them:
 * {@code POST /v1/signals} (SignalBatch -> BatchAck, duplicates by batchId) and {@code GET
 * /v1/recommendations?after=seq}, and {@code POST /v1/history} (recorded, answered with no
 * baselines). Can be stopped and started again on the same port.
 */
final class FakeInferenceServer implements AutoCloseable {

  private final ObjectMapper json = PlantConfigCodec.mapper();
  final List<SignalBatch> batches = new CopyOnWriteArrayList<>();
  final List<Recommendation> recommendations = new CopyOnWriteArrayList<>();

  /** Every history posted, in order. */
  final List<HistorySeries> histories = new CopyOnWriteArrayList<>();

  /** The batch id of every post as it arrives, duplicates included. */
  final List<String> posted = new CopyOnWriteArrayList<>();

  /** The tokens it accepts as {@code Authorization: Bearer}; empty: no credential needed. */
  private volatile Set<String> tokens = Set.of();

  /** The Authorization header of every request as it arrives ("" when none). */
  final List<String> authorizations = new CopyOnWriteArrayList<>();

  /** Requests answered 401. */
  final List<String> unauthorized = new CopyOnWriteArrayList<>();

  private volatile CountDownLatch hold = new CountDownLatch(0);
  private final Set<String> seen = ConcurrentHashMap.newKeySet();
  private final int port;
  private HttpServer server;

  FakeInferenceServer() throws IOException {
    server = create(0);
    port = server.getAddress().getPort();
  }

  private HttpServer create(int p) throws IOException {
    HttpServer s = HttpServer.create(new InetSocketAddress("127.0.0.1", p), 16);
    s.createContext("/v1/signals", this::signals);
    s.createContext("/v1/recommendations", this::recommendations);
    s.createContext("/v1/history", this::history);
    s.start();
    return s;
  }

  int port() {
    return port;
  }

  String authority() {
    return "127.0.0.1:" + port;
  }

  synchronized void stop() {
    if (server != null) {
      server.stop(0);
      server = null;
    }
  }

  synchronized void start() throws IOException {
    if (server == null) {
      server = create(port);
    }
  }

  void publish(Recommendation r) {
    recommendations.add(r);
  }

  /** Holds every post, before it is processed, until the returned latch is counted down. */
  CountDownLatch holdPosts() {
    CountDownLatch latch = new CountDownLatch(1);
    hold = latch;
    return latch;
  }

  /** Requires one of {@code accepted} as bearer token from now on (none: open). */
  void requireTokens(String... accepted) {
    tokens = Set.of(accepted);
  }

  /** False, after answering 401 as the real server does, when the request lacks a good token. */
  private boolean authorized(HttpExchange ex) throws IOException {
    String header = ex.getRequestHeaders().getFirst("Authorization");
    authorizations.add(header == null ? "" : header);
    Set<String> accepted = tokens;
    if (accepted.isEmpty()
        || (header != null
            && header.startsWith("Bearer ")
            && accepted.contains(header.substring(7)))) {
      return true;
    }
    unauthorized.add(ex.getRequestURI().getPath());
    ex.getRequestBody().readAllBytes();
    byte[] body =
        "{\"error\":\"not this plant's token\",\"reason\":\"InvalidCredential\"}"
            .getBytes(java.nio.charset.StandardCharsets.UTF_8);
    ex.getResponseHeaders().set("WWW-Authenticate", "Bearer realm=\"plantops\"");
    ex.getResponseHeaders().set("Content-Type", "application/json");
    ex.sendResponseHeaders(401, body.length);
    try (OutputStream out = ex.getResponseBody()) {
      out.write(body);
    }
    return false;
  }

  long samples() {
    return batches.stream().mapToLong(b -> b.samples().size()).sum();
  }

  private void signals(HttpExchange ex) throws IOException {
    try (ex) {
      if (!authorized(ex)) {
        return;
      }
      SignalBatch batch = json.readValue(ex.getRequestBody(), SignalBatch.class);
      posted.add(batch.batchId());
      try {
        hold.await(30, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      boolean duplicate = !seen.add(batch.batchId());
      if (!duplicate) {
        batches.add(batch);
      }
      send(
          ex,
          json.writeValueAsBytes(
              new BatchAck(duplicate ? 0 : batch.samples().size(), List.of(), duplicate)));
    }
  }

  private void history(HttpExchange ex) throws IOException {
    try (ex) {
      if (!authorized(ex)) {
        return;
      }
      histories.add(json.readValue(ex.getRequestBody(), HistorySeries.class));
      send(ex, json.writeValueAsBytes(List.of()));
    }
  }

  private void recommendations(HttpExchange ex) throws IOException {
    try (ex) {
      if (!authorized(ex)) {
        return;
      }
      String q = ex.getRequestURI().getQuery();
      long after = q != null && q.startsWith("after=") ? Long.parseLong(q.substring(6)) : 0;
      send(
          ex,
          json.writeValueAsBytes(recommendations.stream().filter(r -> r.seq() > after).toList()));
    }
  }

  private static void send(HttpExchange ex, byte[] body) throws IOException {
    ex.getResponseHeaders().set("Content-Type", "application/json");
    ex.sendResponseHeaders(200, body.length);
    try (OutputStream out = ex.getResponseBody()) {
      out.write(body);
    }
  }

  @Override
  public void close() {
    stop();
  }
}
