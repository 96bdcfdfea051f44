package io.plantops.connector.http;

import io.plantops.connector.http.Route.Run;
import io.plantops.connector.metrics.ConnectorMetrics;
import io.plantops.contract.PlantConfigCodec;
import io.plantops.contract.Ports;
import io.undertow.Undertow;
import io.undertow.UndertowOptions;
import io.undertow.server.HttpHandler;
import io.undertow.server.RoutingHandler;
import io.undertow.server.handlers.HttpContinueReadHandler;
import io.undertow.util.HttpString;
import io.undertow.util.PathTemplateMatcher;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The connector's HTTP surface, on Undertow core (as the inference server's):
 *
 * <pre>
 * GET  /v2/health/live        liveness                                   I/O thread
 * GET  /v2/health/ready       ready once a config is in force (503 before) I/O thread
 * GET  /metrics               Prometheus text                            worker
 * GET  /v1/status             ConnectorStatus JSON                       worker
 * GET  /v1/gaps               recent data gaps                           worker
 * GET  /v1/advice             latest advisory recommendation per use case worker
 * GET  /console               the operator console (HTML, refreshes itself) worker
 * GET  /v1/console            the console's data as JSON                 worker
 * GET  /v1/browse[?root=ns=2;s=X&amp;max=5000]   variables of the plant's address space   plant pool
 * POST /v1/suggest[?name=&amp;namespace=&amp;format=json]   body: UseCaseTemplate YAML;       plant pool
 *                                                   answer: draft TagMapping YAML (or JSON)
 * </pre>
 *
 * <p>The routes are data ({@link #routes()}), served by Undertow's {@link RoutingHandler}, each
 * inside the one {@link HttpEdge} that bounds bodies, runs the work on its thread and turns every
 * refusal into {@code {"error", "reason"}}. The probes never wait: they run on the I/O thread, and
 * what talks to the plant (browse, suggest: OPC UA calls that can take seconds) runs on its own
 * small pool, which refuses at once with 503 {@code PlantBusy} when full.
 */
public final class ConnectorHttp implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(ConnectorHttp.class);

  private final Endpoints endpoints;
  private final HttpEdge edge;
  private final ExecutorService plantPool;
  private final Undertow server;

  /** Starts the HTTP surface on {@code bind:port} (port 0: a free one), on the system clock. */
  public ConnectorHttp(
      ConnectorView connector, ConnectorMetrics metrics, HttpLimits limits, String bind, int port) {
    this(connector, metrics, limits, bind, port, Clock.systemUTC());
  }

  /** Starts the HTTP surface on {@code bind:port}; {@code clock} dates the console's page. */
  public ConnectorHttp(
      ConnectorView connector,
      ConnectorMetrics metrics,
      HttpLimits limits,
      String bind,
      int port,
      Clock clock) {
    this.endpoints = new Endpoints(connector, metrics, clock);
    this.plantPool = plantPool(limits.plantWorkers());
    this.edge = new HttpEdge(limits, metrics, PlantConfigCodec.mapper(), plantPool);
    this.server =
        Undertow.builder()
            .addHttpListener(port, bind)
            .setIoThreads(2)
            .setWorkerThreads(4)
            .setServerOption(UndertowOptions.RECORD_REQUEST_START_TIME, false)
            .setHandler(handler())
            .build();
    try {
      server.start();
    } catch (RuntimeException e) {
      plantPool.shutdownNow();
      throw e;
    }
  }

  /** Every route: its name, method, path template, where it runs, and its endpoint. */
  List<Route> routes() {
    return List.of(
        Route.get("live", Ports.LIVE_PATH, Run.IO_THREAD, endpoints::live),
        Route.get("ready", Ports.READY_PATH, Run.IO_THREAD, endpoints::ready),
        Route.get("metrics", Ports.METRICS_PATH, Run.WORKER, endpoints::metrics),
        Route.get("status", Ports.STATUS_PATH, Run.WORKER, endpoints::status),
        Route.get("gaps", "/v1/gaps", Run.WORKER, endpoints::gaps),
        Route.get("advice", "/v1/advice", Run.WORKER, endpoints::advice),
        Route.get("console", "/console", Run.WORKER, endpoints::console),
        Route.get("console-data", "/v1/console", Run.WORKER, endpoints::consoleData),
        Route.get("browse", "/v1/browse", Run.PLANT, endpoints::browse),
        Route.post("suggest", "/v1/suggest", Run.PLANT, endpoints::suggest));
  }

  private HttpHandler handler() {
    // path parameters stay out of the query parameters
    RoutingHandler routing = new RoutingHandler(false);
    Map<String, List<Route>> byTemplate = new LinkedHashMap<>();
    for (Route route : routes()) {
      HttpHandler handler = edge.around(route);
      for (HttpString method : route.methods()) {
        routing.add(method, route.template(), handler);
      }
      byTemplate.computeIfAbsent(route.template(), t -> new ArrayList<>()).add(route);
    }
    PathTemplateMatcher<List<Route>> templates = new PathTemplateMatcher<>();
    byTemplate.forEach((template, routes) -> templates.add(template, List.copyOf(routes)));
    routing.setFallbackHandler(
        edge.unknownPath(String.join(", ", byTemplate.keySet().stream().sorted().toList())));
    routing.setInvalidMethodHandler(edge.wrongMethod(templates));
    // 100 Continue goes out only once a route reads the body, so an oversized body is refused
    // before the client sends it
    return new HttpContinueReadHandler(routing);
  }

  private static ExecutorService plantPool(int threads) {
    AtomicInteger n = new AtomicInteger();
    // unbounded queue: HttpEdge's slots bound what waits, and refuse with PlantBusy beyond
    return new ThreadPoolExecutor(
        threads,
        threads,
        0,
        TimeUnit.MILLISECONDS,
        new LinkedBlockingQueue<>(),
        r -> {
          Thread t = new Thread(r, "plantops-http-plant-" + n.incrementAndGet());
          t.setDaemon(true);
          return t;
        });
  }

  /** The bound port. */
  public int port() {
    return ((InetSocketAddress) server.getListenerInfo().get(0).getAddress()).getPort();
  }

  /** Browse and suggest requests running or waiting for a plant worker. */
  int plantWork() {
    return edge.plantWork();
  }

  /** Stops listening, then stops the plant pool, interrupting a browse in progress. */
  @Override
  public void close() {
    server.stop();
    plantPool.shutdownNow();
    try {
      if (!plantPool.awaitTermination(5, TimeUnit.SECONDS)) {
        LOG.warn("a browse or suggest did not stop within 5 s of the connector's shutdown");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
