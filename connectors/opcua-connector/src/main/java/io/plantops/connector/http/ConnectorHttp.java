package io.plantops.connector.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.plantops.connector.Connector;
import io.plantops.connector.browse.AddressSpaceBrowser;
import io.plantops.connector.browse.BrowsedVariable;
import io.plantops.connector.browse.Suggester;
import io.plantops.connector.browse.Suggestion;
import io.plantops.connector.browse.TagMappingDraft;
import io.plantops.connector.metrics.ConnectorMetrics;
import io.plantops.contract.PlantConfigCodec;
import io.plantops.contract.Ports;
import io.plantops.contract.ResolvedPlantConfig;
import io.plantops.contract.template.TemplateView;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import org.eclipse.milo.opcua.sdk.client.OpcUaClient;
import org.eclipse.milo.opcua.stack.core.NodeIds;
import org.eclipse.milo.opcua.stack.core.UaException;
import org.eclipse.milo.opcua.stack.core.types.builtin.NodeId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The connector's HTTP surface (JDK HttpServer):
 *
 * <pre>
 * GET  /v2/health/live        liveness
 * GET  /v2/health/ready       ready once a config is in force
 * GET  /metrics               Prometheus text
 * GET  /v1/status             ConnectorStatus JSON
 * GET  /v1/gaps               recent data gaps
 * GET  /v1/advice             latest advisory recommendation per use case
 * GET  /v1/browse[?root=ns=2;s=X&max=5000]   variables of the plant's address space
 * POST /v1/suggest[?name=&namespace=&format=json]   body: UseCaseTemplate YAML;
 *                                                   answer: draft TagMapping YAML (or JSON)
 * </pre>
 */
public final class ConnectorHttp implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(ConnectorHttp.class);

  private final Connector connector;
  private final ConnectorMetrics metrics;
  private final HttpServer server;
  private final ObjectMapper json = PlantConfigCodec.mapper();

  public ConnectorHttp(Connector connector, ConnectorMetrics metrics, String bind, int port)
      throws IOException {
    this.connector = connector;
    this.metrics = metrics;
    this.server = HttpServer.create(new InetSocketAddress(bind, port), 32);
    server.setExecutor(
        Executors.newFixedThreadPool(
            2,
            r -> {
              Thread t = new Thread(r, "plantops-http");
              t.setDaemon(true);
              return t;
            }));
    server.createContext("/", this::handle);
    server.start();
  }

  /** The bound port. */
  public int port() {
    return server.getAddress().getPort();
  }

  private void handle(HttpExchange ex) throws IOException {
    try (ex) {
      String path = ex.getRequestURI().getPath();
      String method = ex.getRequestMethod();
      Map<String, String> query = query(ex.getRequestURI().getRawQuery());
      switch (method + " " + path) {
        case "GET " + Ports.LIVE_PATH -> text(ex, 200, "live\n");
        case "GET " + Ports.READY_PATH ->
            text(ex, connector.ready() ? 200 : 503, connector.ready() ? "ready\n" : "no config\n");
        case "GET " + Ports.METRICS_PATH -> {
          ByteArrayOutputStream out = new ByteArrayOutputStream();
          metrics.scrape(out);
          send(ex, 200, ConnectorMetrics.contentType(), out.toByteArray());
        }
        case "GET " + Ports.STATUS_PATH -> json(ex, 200, connector.status());
        case "GET /v1/gaps" ->
            json(
                ex,
                200,
                connector.gaps().stream()
                    .map(
                        g ->
                            Map.of(
                                "start", g.start().toString(),
                                "end", g.end().toString(),
                                "seconds", g.seconds(),
                                "cause", g.cause().name(),
                                "recovered", g.recovered(),
                                "detail", g.detail()))
                    .toList());
        case "GET /v1/advice" -> json(ex, 200, connector.advice());
        case "GET /v1/browse" -> browse(ex, query);
        case "POST /v1/suggest" -> suggest(ex, query);
        default -> json(ex, 404, Map.of("error", "no route " + method + " " + path));
      }
    } catch (IOException | RuntimeException e) {
      LOG.error("HTTP {} failed", ex.getRequestURI(), e);
      json(ex, 500, Map.of("error", String.valueOf(e.getMessage())));
    }
  }

  private Optional<OpcUaClient> client(HttpExchange ex) throws IOException {
    Optional<OpcUaClient> client = connector.connection().flatMap(c -> c.client());
    if (client.isEmpty()) {
      json(
          ex,
          503,
          Map.of(
              "error",
              "not connected to the plant: "
                  + connector.status().session()
                  + " "
                  + String.valueOf(connector.status().sessionMessage())));
    }
    return client;
  }

  private void browse(HttpExchange ex, Map<String, String> query) throws IOException {
    Optional<OpcUaClient> client = client(ex);
    if (client.isEmpty()) {
      return;
    }
    try {
      NodeId root =
          query.containsKey("root") ? NodeId.parse(query.get("root")) : NodeIds.ObjectsFolder;
      int max = Integer.parseInt(query.getOrDefault("max", "5000"));
      json(ex, 200, new AddressSpaceBrowser(client.get(), max).browse(root));
    } catch (UaException e) {
      json(ex, 502, Map.of("error", "browsing failed: " + e.getMessage()));
    } catch (IllegalArgumentException e) {
      json(ex, 400, Map.of("error", e.getMessage()));
    }
  }

  private void suggest(HttpExchange ex, Map<String, String> query) throws IOException {
    String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
    TemplateView template;
    try {
      template = TemplateView.parse(body);
    } catch (IOException e) {
      json(ex, 400, Map.of("error", "the body is not a UseCaseTemplate YAML: " + e.getMessage()));
      return;
    }
    Optional<OpcUaClient> client = client(ex);
    if (client.isEmpty()) {
      return;
    }
    List<BrowsedVariable> variables;
    try {
      variables = new AddressSpaceBrowser(client.get(), 10_000).browse(NodeIds.ObjectsFolder);
    } catch (UaException e) {
      json(ex, 502, Map.of("error", "browsing failed: " + e.getMessage()));
      return;
    }
    Suggestion suggestion = Suggester.suggest(template, variables);
    if ("json".equals(query.get("format"))) {
      json(ex, 200, suggestion);
      return;
    }
    Optional<ResolvedPlantConfig> config = connector.config();
    String plant = config.map(c -> c.plant().name()).orElse("plant");
    String yaml =
        TagMappingDraft.render(
            suggestion,
            query.getOrDefault("name", plant + "-" + template.name()),
            query.getOrDefault("namespace", config.map(c -> c.plant().namespace()).orElse(null)),
            plant,
            config.map(c -> c.opcua().endpointUrl()).orElse("the plant"));
    send(ex, 200, "application/yaml", yaml.getBytes(StandardCharsets.UTF_8));
  }

  private static Map<String, String> query(String raw) {
    Map<String, String> result = new HashMap<>();
    if (raw == null) {
      return result;
    }
    for (String pair : raw.split("&")) {
      int eq = pair.indexOf('=');
      if (eq > 0) {
        result.put(
            URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
            URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
      }
    }
    return result;
  }

  private void json(HttpExchange ex, int status, Object body) throws IOException {
    send(ex, status, "application/json", json.writeValueAsBytes(body));
  }

  private static void text(HttpExchange ex, int status, String body) throws IOException {
    send(ex, status, "text/plain; charset=utf-8", body.getBytes(StandardCharsets.UTF_8));
  }

  private static void send(HttpExchange ex, int status, String type, byte[] body)
      throws IOException {
    ex.getResponseHeaders().set("Content-Type", type);
    ex.sendResponseHeaders(status, body.length);
    try (OutputStream out = ex.getResponseBody()) {
      out.write(body);
    }
  }

  @Override
  public void close() {
    server.stop(0);
    ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
  }
}
