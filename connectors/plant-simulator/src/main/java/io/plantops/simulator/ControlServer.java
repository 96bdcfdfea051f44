package io.plantops.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.plantops.process.KilnSignal;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.eclipse.milo.opcua.stack.core.StatusCodes;
import org.eclipse.milo.opcua.stack.core.UaException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A small HTTP control surface for tests and the sandbox (JSON in and out):
 *
 * <pre>
 * GET  /state                       dialect, endpoint, server up, simulated time, values
 * GET  /writes                      client writes accepted
 * POST /server/stop | /server/start | /server/restart
 * POST /faults/bias    {"signal": "kiln.burning_zone.temperature", "value": 40}
 * POST /faults/drift   {"signal": "kiln.inlet.o2", "perHour": 0.5}
 * POST /faults/status  {"point": "INLET_O2", "status": "Bad_SensorFailure"}
 * POST /faults/freeze  {"point": "FEED_RATE"}
 * POST /faults/clear
 * POST /operator/fuel  {"value": 11.2}
 * </pre>
 *
 * It binds to loopback unless told otherwise: it is a test tool with no authentication.
 */
public final class ControlServer implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(ControlServer.class);
  private static final ObjectMapper JSON = JsonMapper.builder().build();

  private final PlantSimulator simulator;
  private final HttpServer http;

  public ControlServer(PlantSimulator simulator, String bindAddress, int port) throws IOException {
    this.simulator = simulator;
    this.http = HttpServer.create(new InetSocketAddress(bindAddress, port), 16);
    http.createContext("/", this::handle);
    http.start();
  }

  /** The port the control surface listens on. */
  public int port() {
    return http.getAddress().getPort();
  }

  private void handle(HttpExchange exchange) throws IOException {
    String path = exchange.getRequestURI().getPath();
    String method = exchange.getRequestMethod();
    try (exchange) {
      Object body = route(method, path, readBody(exchange.getRequestBody()));
      respond(exchange, 200, body);
    } catch (IllegalArgumentException e) {
      respond(exchange, 400, Map.of("error", e.getMessage()));
    } catch (UaException | RuntimeException e) {
      LOG.error("control request {} {} failed", method, path, e);
      respond(exchange, 500, Map.of("error", String.valueOf(e.getMessage())));
    }
  }

  private Object route(String method, String path, JsonNode body) throws UaException {
    if (method.equals("GET") && path.equals("/state")) {
      return state();
    }
    if (method.equals("GET") && path.equals("/writes")) {
      return simulator.writes();
    }
    if (!method.equals("POST")) {
      throw new IllegalArgumentException("unknown request " + method + " " + path);
    }
    switch (path) {
      case "/server/stop" -> simulator.stopServer();
      case "/server/start" -> simulator.startServer();
      case "/server/restart" -> simulator.restartServer();
      case "/faults/bias" ->
          simulator.injectSensorBias(
              KilnSignal.byCanonicalName(text(body, "signal")), number(body, "value"));
      case "/faults/drift" ->
          simulator.injectSensorDrift(
              KilnSignal.byCanonicalName(text(body, "signal")), number(body, "perHour"));
      case "/faults/status" -> simulator.injectStatus(point(body), status(text(body, "status")));
      case "/faults/freeze" -> simulator.freeze(point(body));
      case "/faults/clear" -> simulator.clearFaults();
      case "/operator/fuel" -> simulator.operatorSetsFuel(number(body, "value"));
      default -> throw new IllegalArgumentException("unknown request POST " + path);
    }
    return state();
  }

  private Map<String, Object> state() {
    Map<String, Object> state = new LinkedHashMap<>();
    state.put("dialect", simulator.dialect().name());
    state.put("endpointUrl", simulator.endpointUrl());
    state.put("serverRunning", simulator.serverRunning());
    state.put("simulatedSeconds", simulator.withProcess(p -> p.time()));
    Map<String, Double> values = new LinkedHashMap<>();
    for (TagSpec tag : simulator.dialect().tags()) {
      values.put(tag.point().canonicalName(), simulator.value(tag.point()));
    }
    state.put("values", values);
    state.put("specificHeatConsumption", simulator.withProcess(p -> p.specificHeatConsumption()));
    state.put("writes", simulator.writes().size());
    return state;
  }

  private static Point point(JsonNode body) {
    String name = text(body, "point");
    try {
      return Point.valueOf(name.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "point '"
              + name
              + "' is unknown; use one of "
              + java.util.Arrays.toString(Point.values()));
    }
  }

  private static long status(String name) {
    try {
      return StatusCodes.class.getField(name).getLong(null);
    } catch (NoSuchFieldException | IllegalAccessException e) {
      throw new IllegalArgumentException(
          "status '" + name + "' is not an OPC UA status code name such as Bad_SensorFailure");
    }
  }

  private static String text(JsonNode body, String field) {
    JsonNode node = body.get(field);
    if (node == null || !node.isTextual()) {
      throw new IllegalArgumentException("field '" + field + "' (text) is required");
    }
    return node.asText();
  }

  private static double number(JsonNode body, String field) {
    JsonNode node = body.get(field);
    if (node == null || !node.isNumber()) {
      throw new IllegalArgumentException("field '" + field + "' (number) is required");
    }
    return node.asDouble();
  }

  private static JsonNode readBody(InputStream in) throws IOException {
    byte[] bytes = in.readAllBytes();
    if (bytes.length == 0) {
      return JSON.createObjectNode();
    }
    try {
      return JSON.readTree(bytes);
    } catch (IOException e) {
      throw new IllegalArgumentException("the body is not JSON: " + e.getMessage());
    }
  }

  private static void respond(HttpExchange exchange, int status, Object body) throws IOException {
    byte[] bytes = JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(body);
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  @Override
  public void close() {
    http.stop(0);
  }
}
