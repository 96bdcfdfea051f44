package io.plantops.inference.http;

import ai.onnxruntime.OrtException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.plantops.contract.BatchAck;
import io.plantops.contract.Ports;
import io.plantops.contract.SignalBatch;
import io.plantops.contract.UseCaseConfig;
import io.plantops.inference.engine.Engine;
import io.plantops.inference.engine.UseCaseRuntime;
import io.plantops.inference.model.LoadedModel;
import io.undertow.Undertow;
import io.undertow.UndertowOptions;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.server.RequestTooBigException;
import io.undertow.util.Headers;
import io.undertow.util.HttpString;
import io.undertow.util.Methods;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The HTTP API on Undertow core: {@code /v1} for the connector and the operator, Open Inference
 * Protocol v2 for raw model calls, {@code /metrics}.
 *
 * <p>Threading: requests start on an I/O thread and their bodies are read without blocking. Short
 * CPU-only work (parsing, a small model's run, appending samples) finishes on that I/O thread: a
 * hand-off to a worker costs more than the work. Anything that may take longer or touch locks
 * shared with the evaluation thread in bulk (status, metrics scrape, recommendations) is dispatched
 * to the worker pool.
 *
 * <p>Every refusal is a 4xx with {@code {"error": "..."}} naming the field or resource and is
 * counted by reason; an unexpected failure is logged with its stack trace and answered 500.
 */
public final class HttpApi implements HttpHandler {

  private static final System.Logger LOG = System.getLogger(HttpApi.class.getName());
  private static final String JSON_TYPE = "application/json";
  private static final String MODELS = "/v2/models/";

  private final Engine engine;
  private final long maxBodyBytes;
  private final ObjectMapper json;
  private final ObjectMapper batchReader;

  public HttpApi(Engine engine, long maxBodyBytes) {
    this.engine = engine;
    this.maxBodyBytes = maxBodyBytes;
    this.json = JsonMapper.builder().build();
    this.batchReader =
        JsonMapper.builder()
            // a NaN from a failed sensor is refused per sample with a reason, not per batch
            .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .build();
  }

  /** Starts Undertow on {@code host:port}. */
  public Undertow start(String host, int port) {
    Undertow server =
        Undertow.builder()
            .addHttpListener(port, host)
            .setIoThreads(Math.max(2, Runtime.getRuntime().availableProcessors()))
            .setWorkerThreads(8)
            .setServerOption(UndertowOptions.RECORD_REQUEST_START_TIME, false)
            .setHandler(this)
            .build();
    server.start();
    return server;
  }

  /** The port a started server listens on. */
  public static int port(Undertow server) {
    return ((InetSocketAddress) server.getListenerInfo().get(0).getAddress()).getPort();
  }

  private enum Endpoint {
    live,
    ready,
    server_metadata,
    model_metadata,
    model_ready,
    infer,
    signals,
    recommendations,
    status,
    metrics,
    unknown
  }

  /** A parsed path. */
  private record Route(Endpoint endpoint, String model, Optional<String> version) {
    static Route of(Endpoint e) {
      return new Route(e, null, Optional.empty());
    }
  }

  @Override
  public void handleRequest(HttpServerExchange ex) {
    long start = System.nanoTime();
    Route route = route(ex.getRequestPath());
    try {
      HttpString method = ex.getRequestMethod();
      switch (route.endpoint()) {
        case live -> {
          requireGet(method);
          respond(ex, route, 200, "{\"live\":true}", start);
        }
        case ready -> {
          requireGet(method);
          boolean ready = engine.ready();
          // OIP: 200 when ready, 4xx when not
          respond(ex, route, ready ? 200 : 400, "{\"ready\":" + ready + "}", start);
        }
        case server_metadata -> {
          requireGet(method);
          respond(
              ex,
              route,
              200,
              "{\"name\":\"plantops-inference-server\",\"version\":\"v1alpha1\",\"extensions\":[]}",
              start);
        }
        case model_metadata -> {
          requireGet(method);
          respond(ex, route, 200, json.writeValueAsBytes(metadata(route)), start);
        }
        case model_ready -> {
          requireGet(method);
          boolean ready = serving(route).isPresent();
          respond(
              ex,
              route,
              ready ? 200 : 400,
              json.writeValueAsBytes(Map.of("name", route.model(), "ready", ready)),
              start);
        }
        case infer -> {
          requirePost(method);
          readBody(ex, route, start, body -> infer(ex, route, body, start));
        }
        case signals -> {
          requirePost(method);
          readBody(ex, route, start, body -> signals(ex, route, body, start));
        }
        case recommendations, status, metrics -> {
          requireGet(method);
          if (ex.isInIoThread()) {
            ex.dispatch(this);
            return;
          }
          switch (route.endpoint()) {
            case recommendations -> recommendations(ex, route, start);
            case status -> respond(ex, route, 200, json.writeValueAsBytes(engine.status()), start);
            default -> {
              ex.getResponseHeaders().put(Headers.CONTENT_TYPE, engine.metrics().contentType());
              send(ex, route, 200, engine.metrics().scrape(), start, null);
            }
          }
        }
        default ->
            throw ApiError.notFound(
                "UnknownPath",
                "no endpoint at "
                    + ex.getRequestPath()
                    + "; see /v2/models/{name}, /v1/signals, /v1/recommendations, /v1/status,"
                    + " /metrics");
      }
    } catch (ApiError e) {
      error(ex, route, e, start);
    } catch (RuntimeException | IOException e) {
      unexpected(ex, route, e, start);
    }
  }

  private static Route route(String path) {
    switch (path) {
      case Ports.LIVE_PATH:
        return Route.of(Endpoint.live);
      case Ports.READY_PATH:
        return Route.of(Endpoint.ready);
      case "/v2":
        return Route.of(Endpoint.server_metadata);
      case "/v1/signals":
        return Route.of(Endpoint.signals);
      case "/v1/recommendations":
        return Route.of(Endpoint.recommendations);
      case Ports.STATUS_PATH:
        return Route.of(Endpoint.status);
      case Ports.METRICS_PATH:
        return Route.of(Endpoint.metrics);
      default:
        break;
    }
    if (!path.startsWith(MODELS)) {
      return Route.of(Endpoint.unknown);
    }
    // {name}[/versions/{v}][/ready|/infer]
    String[] parts = path.substring(MODELS.length()).split("/", -1);
    if (parts.length == 0 || parts[0].isEmpty()) {
      return Route.of(Endpoint.unknown);
    }
    String name = parts[0];
    int i = 1;
    Optional<String> version = Optional.empty();
    if (parts.length >= 3 && parts[1].equals("versions") && !parts[2].isEmpty()) {
      version = Optional.of(parts[2]);
      i = 3;
    }
    if (parts.length == i) {
      return new Route(Endpoint.model_metadata, name, version);
    }
    if (parts.length == i + 1 && parts[i].equals("ready")) {
      return new Route(Endpoint.model_ready, name, version);
    }
    if (parts.length == i + 1 && parts[i].equals("infer")) {
      return new Route(Endpoint.infer, name, version);
    }
    return Route.of(Endpoint.unknown);
  }

  private static void requireGet(HttpString method) throws ApiError {
    if (!Methods.GET.equals(method) && !Methods.HEAD.equals(method)) {
      throw new ApiError(405, "MethodNotAllowed", method + " is not allowed here; use GET");
    }
  }

  private static void requirePost(HttpString method) throws ApiError {
    if (!Methods.POST.equals(method)) {
      throw new ApiError(405, "MethodNotAllowed", method + " is not allowed here; use POST");
    }
  }

  @FunctionalInterface
  private interface BodyHandler {
    void handle(byte[] body) throws ApiError, IOException;
  }

  private void readBody(HttpServerExchange ex, Route route, long start, BodyHandler handler)
      throws ApiError {
    long length = ex.getRequestContentLength();
    if (length > maxBodyBytes) {
      ex.setPersistent(false); // the unread body cannot stay on a kept-alive connection
      throw tooLarge(length);
    }
    // per exchange rather than server-wide: Undertow answers a server-wide overrun itself with a
    // bare 400 before any handler can name the limit; this also bounds chunked bodies
    ex.setMaxEntitySize(maxBodyBytes);
    ex.getRequestReceiver()
        .receiveFullBytes(
            (e, body) -> {
              try {
                handler.handle(body);
              } catch (ApiError err) {
                error(e, route, err, start);
              } catch (RuntimeException | IOException err) {
                unexpected(e, route, err, start);
              }
            },
            (e, io) -> {
              if (io instanceof RequestTooBigException) {
                e.setPersistent(false);
                error(e, route, tooLarge(-1), start);
              } else {
                // the client went away mid-body: nothing to answer, count it
                engine
                    .metrics()
                    .requestError(route.endpoint().name(), modelLabel(route), "BodyReadFailed");
                LOG.log(System.Logger.Level.DEBUG, "request body read failed", io);
                e.endExchange();
              }
            });
  }

  private ApiError tooLarge(long length) {
    return new ApiError(
        413,
        "BodyTooLarge",
        "request body"
            + (length >= 0 ? " of " + length + " bytes" : "")
            + " exceeds the limit of "
            + maxBodyBytes
            + " bytes (PLANTOPS_MAX_BODY_BYTES): send smaller batches");
  }

  private UseCaseRuntime useCase(String name) throws ApiError {
    return engine
        .runtime(name)
        .orElseThrow(
            () ->
                ApiError.notFound(
                    "UnknownModel",
                    "no model '"
                        + name
                        + "' at this plant; models are the plant's use cases: "
                        + engine
                            .snapshot()
                            .map(s -> s.useCases().keySet().toString())
                            .orElse("[]")));
  }

  private Optional<LoadedModel> serving(Route route) throws ApiError {
    UseCaseRuntime rt = useCase(route.model());
    if (route.version().isPresent() && !rt.versions().contains(route.version().get())) {
      throw ApiError.notFound(
          "UnknownVersion",
          "model '"
              + route.model()
              + "' has no version '"
              + route.version().get()
              + "'; versions: "
              + rt.versions());
    }
    return rt.model(route.version());
  }

  private Map<String, Object> metadata(Route route) throws ApiError {
    UseCaseRuntime rt = useCase(route.model());
    serving(route); // validates the version
    UseCaseConfig u = rt.config();
    UseCaseConfig.Model m =
        route.version().isEmpty() || route.version().get().equals(u.activeModel().version())
            ? u.activeModel()
            : u.candidateModel();
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("name", rt.name());
    body.put("versions", route.version().map(List::of).orElse(rt.versions()));
    body.put("platform", "onnxruntime_onnx");
    body.put(
        "inputs",
        List.of(
            Map.of(
                "name",
                m.inputTensor(),
                "datatype",
                "FP32",
                "shape",
                List.of(-1, u.inputs().size()))));
    body.put(
        "outputs",
        List.of(
            Map.of(
                "name",
                m.outputTensor(),
                "datatype",
                "FP32",
                "shape",
                List.of(-1, u.outputs().size()))));
    body.put(
        "parameters",
        Map.of(
            "template", u.template(),
            "input_signals", u.inputs().stream().map(UseCaseConfig.Feature::signal).toList(),
            "output_names", u.outputs().stream().map(UseCaseConfig.Output::name).toList()));
    return body;
  }

  private void infer(HttpServerExchange ex, Route route, byte[] body, long start)
      throws ApiError, IOException {
    InferCodec.Request req = InferCodec.parse(body);
    LoadedModel model =
        serving(route)
            .orElseThrow(
                () ->
                    new ApiError(
                        503,
                        "ModelNotLoaded",
                        "model '"
                            + route.model()
                            + "' "
                            + route.version().orElse("(active)")
                            + " is not loaded; see /v1/status for the reason"));
    if (req.inputs().size() != 1) {
      throw ApiError.badRequest(
          "ShapeMismatch", "the model takes one input tensor '" + model.inputTensor() + "'");
    }
    InferCodec.Tensor t = req.inputs().get(0);
    if (!t.name().equals(model.inputTensor())) {
      throw ApiError.badRequest(
          "UnknownInput",
          "inputs[0].name is '"
              + t.name()
              + "'; the model's input is '"
              + model.inputTensor()
              + "'");
    }
    if (!t.datatype().equals("FP32")) {
      throw ApiError.badRequest(
          "DatatypeMismatch", "inputs[0].datatype is " + t.datatype() + "; the model takes FP32");
    }
    long[] shape = t.shape();
    if (shape.length != 2
        || shape[1] != model.inputs()
        || shape[0] < 1
        || shape[0] > InferCodec.MAX_ROWS) {
      throw ApiError.badRequest(
          "ShapeMismatch",
          "inputs[0].shape is "
              + java.util.Arrays.toString(shape)
              + "; expected [N, "
              + model.inputs()
              + "] with 1 <= N <= "
              + InferCodec.MAX_ROWS);
    }
    int rows = (int) shape[0];
    if (t.count() != rows * model.inputs()) {
      throw ApiError.badRequest(
          "ShapeMismatch",
          "inputs[0].data holds "
              + t.count()
              + " values; shape "
              + java.util.Arrays.toString(shape)
              + " needs "
              + rows * model.inputs());
    }
    for (String o : req.outputs()) {
      if (!o.equals(model.outputTensor())) {
        throw ApiError.badRequest(
            "UnknownOutput",
            "outputs names '" + o + "'; the model's output is '" + model.outputTensor() + "'");
      }
    }
    if (!model.acquire()) {
      throw new ApiError(503, "ModelNotLoaded", "model version was replaced; retry");
    }
    float[] out;
    try {
      out = model.run(t.data(), rows);
    } catch (OrtException e) {
      throw new ApiError(422, "ModelError", "ONNX Runtime refused the input: " + e.getMessage());
    } finally {
      model.release();
    }
    byte[] response =
        InferCodec.response(
            route.model(),
            model.version(),
            req.id(),
            model.outputTensor(),
            rows,
            model.outputs(),
            out);
    send(ex, route, 200, response, start, model.version());
  }

  private void signals(HttpServerExchange ex, Route route, byte[] body, long start)
      throws ApiError, IOException {
    if (engine.snapshot().isEmpty()) {
      throw new ApiError(503, "NoConfig", "no plant config loaded yet; retry later");
    }
    SignalBatch batch = BatchParser.parse(batchReader, body);
    String plant = engine.snapshot().get().config().plant().name();
    if (batch.plant() == null || !batch.plant().equals(plant)) {
      throw ApiError.badRequest(
          "WrongPlant",
          "batch plant is '" + batch.plant() + "' but this server serves plant '" + plant + "'");
    }
    BatchAck ack = engine.ingest(batch);
    send(ex, route, 200, json.writeValueAsBytes(ack), start, null);
  }

  private void recommendations(HttpServerExchange ex, Route route, long start)
      throws ApiError, IOException {
    long after = longParam(ex, "after", 0);
    long limit = longParam(ex, "limit", 1000);
    if (limit < 1 || limit > 10_000) {
      throw ApiError.badRequest("InvalidParameter", "limit must be between 1 and 10000");
    }
    Optional<String> useCase = Optional.ofNullable(param(ex, "useCase"));
    if (useCase.isPresent() && engine.runtime(useCase.get()).isEmpty()) {
      throw ApiError.notFound(
          "UnknownUseCase", "no use case '" + useCase.get() + "' at this plant");
    }
    respond(
        ex,
        route,
        200,
        json.writeValueAsBytes(engine.recommendations(after, useCase, (int) limit)),
        start);
  }

  private static String param(HttpServerExchange ex, String name) {
    Deque<String> v = ex.getQueryParameters().get(name);
    return v == null || v.isEmpty() ? null : v.getFirst();
  }

  private static long longParam(HttpServerExchange ex, String name, long fallback) throws ApiError {
    String v = param(ex, name);
    if (v == null || v.isEmpty()) {
      return fallback;
    }
    try {
      return Long.parseLong(v);
    } catch (NumberFormatException e) {
      throw ApiError.badRequest("InvalidParameter", name + "='" + v + "' is not an integer");
    }
  }

  private void respond(HttpServerExchange ex, Route route, int code, String body, long start) {
    respond(ex, route, code, body.getBytes(StandardCharsets.UTF_8), start);
  }

  private void respond(HttpServerExchange ex, Route route, int code, byte[] body, long start) {
    ex.getResponseHeaders().put(Headers.CONTENT_TYPE, JSON_TYPE);
    send(ex, route, code, body, start, null);
  }

  private void send(
      HttpServerExchange ex, Route route, int code, byte[] body, long start, String version) {
    ex.setStatusCode(code);
    if (!ex.getResponseHeaders().contains(Headers.CONTENT_TYPE)) {
      ex.getResponseHeaders().put(Headers.CONTENT_TYPE, JSON_TYPE);
    }
    ex.getResponseSender().send(ByteBuffer.wrap(body));
    engine
        .metrics()
        .request(
            route.endpoint().name(),
            modelLabel(route),
            version == null ? "" : version,
            code,
            System.nanoTime() - start);
  }

  /** The use case label: the model named by the path when it exists here, else empty. */
  private String modelLabel(Route route) {
    // only known names become label values: a client must not create series by typing paths
    return route.model() != null && engine.runtime(route.model()).isPresent() ? route.model() : "";
  }

  private void error(HttpServerExchange ex, Route route, ApiError e, long start) {
    engine.metrics().requestError(route.endpoint().name(), modelLabel(route), e.reason());
    byte[] body;
    try {
      body = json.writeValueAsBytes(Map.of("error", e.getMessage(), "reason", e.reason()));
    } catch (JsonProcessingException j) {
      body = "{\"error\":\"unrenderable error\"}".getBytes(StandardCharsets.UTF_8);
    }
    ex.getResponseHeaders().put(Headers.CONTENT_TYPE, JSON_TYPE);
    send(ex, route, e.status(), body, start, null);
  }

  private void unexpected(HttpServerExchange ex, Route route, Exception e, long start) {
    LOG.log(
        System.Logger.Level.ERROR,
        "unexpected failure on " + ex.getRequestMethod() + " " + ex.getRequestPath(),
        e);
    error(
        ex,
        route,
        new ApiError(500, "Internal", "internal error: " + e.getClass().getSimpleName()),
        start);
  }
}
