package io.plantops.inference.http;

import static io.plantops.inference.http.ApiRoute.Access.MODEL;
import static io.plantops.inference.http.ApiRoute.Access.OPEN;
import static io.plantops.inference.http.ApiRoute.Access.PLANT;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.plantops.contract.DataPathToken;
import io.plantops.contract.Ports;
import io.plantops.inference.engine.Engine;
import io.plantops.inference.http.ApiRoute.Run;
import io.plantops.inference.metrics.InferenceMetrics;
import io.undertow.server.HttpHandler;
import io.undertow.server.RoutingHandler;
import io.undertow.util.HttpString;
import io.undertow.util.PathTemplateMatcher;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The HTTP API on Undertow core: {@code /v1} for the connector and the operator, Open Inference
 * Protocol v2 for raw model calls, {@code /metrics}.
 *
 * <p>The routes are data ({@link #routes()}): method and path template to endpoint, served by
 * Undertow's {@link RoutingHandler}, each inside the one {@link ApiEdge} that counts requests, runs
 * the endpoint on the right thread, bounds bodies and turns failures into JSON errors. Unknown
 * paths (404) and wrong methods (405) are answered by the same edge.
 *
 * <p>Threading: requests start on an I/O thread and their bodies are read without blocking. Short
 * CPU-only work (parsing, a small model's run, appending samples) finishes on that I/O thread: a
 * hand-off to a worker costs more than the work. Anything that may take longer or touch locks
 * shared with the evaluation thread in bulk (status, metrics scrape, recommendations) is dispatched
 * to the worker pool.
 *
 * <p>Every refusal is a 4xx with {@code {"error": "...", "reason": "..."}} naming the field or
 * resource and is counted by reason; an unexpected failure is logged with its stack trace and
 * answered 500.
 */
public final class HttpApi {

  private final ModelEndpoints models;
  private final PlantEndpoints plant;
  private final ApiEdge edge;

  private final InferenceMetrics metrics;
  private final HttpLimits limits;

  /** An API whose data path is open (tests, a server run by hand). */
  public HttpApi(Engine engine, HttpLimits limits) {
    this(engine, limits, DataPathAuth.off());
  }

  /**
   * @param auth whether {@code /v1/signals}, {@code /v1/recommendations} and, as configured, the
   *     OIP v2 endpoints require the plant's data-path token
   */
  public HttpApi(Engine engine, HttpLimits limits, DataPathAuth auth) {
    ObjectMapper json = JsonMapper.builder().build();
    this.models = new ModelEndpoints(engine, json);
    this.plant = new PlantEndpoints(engine, json);
    this.metrics = engine.metrics();
    this.limits = limits;
    this.edge =
        new ApiEdge(
            metrics,
            name -> engine.runtime(name).isPresent(),
            limits,
            json,
            auth.tokenFile()
                .map(
                    file ->
                        new DataPathGuard(
                            new DataPathToken(file), auth.graceMs(), System::currentTimeMillis)),
            auth.modelEndpoints());
  }

  /** Every route: its metric name, method, path template, where it runs, and its endpoint. */
  List<ApiRoute> routes() {
    String model = "/v2/models/{name}";
    String version = model + "/versions/{version}";
    return List.of(
        ApiRoute.get("live", Ports.LIVE_PATH, Run.IO_THREAD, OPEN, plant::live),
        ApiRoute.get("ready", Ports.READY_PATH, Run.IO_THREAD, OPEN, plant::ready),
        ApiRoute.get("server_metadata", "/v2", Run.IO_THREAD, MODEL, models::serverMetadata),
        ApiRoute.get("model_metadata", model, Run.IO_THREAD, MODEL, models::modelMetadata),
        ApiRoute.get("model_metadata", version, Run.IO_THREAD, MODEL, models::modelMetadata),
        ApiRoute.get("model_ready", model + "/ready", Run.IO_THREAD, MODEL, models::modelReady),
        ApiRoute.get("model_ready", version + "/ready", Run.IO_THREAD, MODEL, models::modelReady),
        ApiRoute.post("infer", model + "/infer", Run.IO_THREAD, MODEL, models::infer),
        ApiRoute.post("infer", version + "/infer", Run.IO_THREAD, MODEL, models::infer),
        ApiRoute.post("signals", "/v1/signals", Run.IO_THREAD, PLANT, plant::signals),
        ApiRoute.post("history", "/v1/history", Run.WORKER, PLANT, plant::history),
        ApiRoute.get(
            "recommendations", "/v1/recommendations", Run.WORKER, PLANT, plant::recommendations),
        ApiRoute.get("status", Ports.STATUS_PATH, Run.WORKER, OPEN, plant::status),
        ApiRoute.get("metrics", Ports.METRICS_PATH, Run.WORKER, OPEN, plant::metrics));
  }

  /** The root handler: the routes on a RoutingHandler, 404 and 405 through the edge too. */
  HttpHandler handler() {
    // path parameters stay out of the query parameters: ?useCase= must mean what the client sent
    RoutingHandler routing = new RoutingHandler(false);
    Map<String, List<ApiRoute>> byTemplate = new LinkedHashMap<>();
    for (ApiRoute route : routes()) {
      HttpHandler handler = edge.around(route);
      for (HttpString method : ApiEdge.methods(route)) {
        routing.add(method, route.template(), handler);
      }
      byTemplate.computeIfAbsent(route.template(), t -> new ArrayList<>()).add(route);
    }
    PathTemplateMatcher<List<ApiRoute>> templates = new PathTemplateMatcher<>();
    byTemplate.forEach((template, routes) -> templates.add(template, List.copyOf(routes)));
    routing.setFallbackHandler(edge.unknownPath());
    routing.setInvalidMethodHandler(edge.wrongMethod(templates));
    return routing;
  }

  /** Starts the server on {@code host:port}. */
  public HttpServer start(String host, int port) {
    return HttpServer.start(
        host, port, limits, handler(), () -> metrics.refusedBeforeRouting("MalformedRequest"));
  }
}
