package io.plantops.connector.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.plantops.connector.http.Refusal.Reason;
import io.plantops.connector.metrics.ConnectorMetrics;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.server.RequestTooBigException;
import io.undertow.server.protocol.http.HttpContinue;
import io.undertow.util.Headers;
import io.undertow.util.HttpString;
import io.undertow.util.PathTemplateMatcher;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one handler around every route and around the answers for unknown paths (404) and wrong
 * methods (405): everything a request needs besides its endpoint's work happens here, once.
 *
 * <ul>
 *   <li>the body of a POST route, read without blocking before its endpoint runs, within {@link
 *       HttpLimits#maxBodyBytes()} whether its length is declared or it comes chunked (413 beyond).
 *       A body over the limit is read to its end and thrown away before the 413 goes out, so the
 *       client, still sending, reads the answer rather than a connection reset; only a body so
 *       large that reading it is not worth it (16 MiB past the limit) closes the connection at
 *       once;
 *   <li>the thread ({@link Route.Run}): probes on the I/O thread, reads of the connector on
 *       Undertow's workers, work against the plant on a bounded pool that refuses with 503 {@code
 *       PlantBusy} when all its threads and queue places are taken;
 *   <li>errors: a {@link Refusal} becomes its status with {@code {"error", "reason"}} and is
 *       counted by reason; anything else is logged with its stack trace and answered 500 the same
 *       way.
 * </ul>
 */
final class HttpEdge {

  private static final Logger LOG = LoggerFactory.getLogger(HttpEdge.class);

  /** How much of a body past the limit is read and thrown away so the 413 reaches the client. */
  static final long DRAIN_BYTES = 16L << 20;

  private final HttpLimits limits;
  private final ConnectorMetrics metrics;
  private final ObjectMapper json;
  private final ExecutorService plantPool;
  private final Semaphore plantSlots;

  /**
   * @param plantPool runs {@link Route.Run#PLANT} work; its queue must not refuse (the slots bound
   *     it)
   */
  HttpEdge(
      HttpLimits limits, ConnectorMetrics metrics, ObjectMapper json, ExecutorService plantPool) {
    this.limits = limits;
    this.metrics = metrics;
    this.json = json;
    this.plantPool = plantPool;
    this.plantSlots = new Semaphore(limits.plantWorkers() + limits.plantQueue());
  }

  /** Browse and suggest requests running or waiting for a plant worker. */
  int plantWork() {
    return limits.plantWorkers() + limits.plantQueue() - plantSlots.availablePermits();
  }

  ObjectMapper json() {
    return json;
  }

  /** The handler of {@code route}, for the RoutingHandler that matched its template. */
  HttpHandler around(Route route) {
    return ex -> serve(route, ex);
  }

  /** The RoutingHandler's fallback: no template matches the path. */
  HttpHandler unknownPath(String known) {
    Route unknown =
        Route.get(
            "unknown",
            "/*",
            Route.Run.IO_THREAD,
            call -> {
              throw new Refusal(
                  Reason.UnknownPath,
                  "no endpoint at " + call.exchange().getRequestPath() + "; see " + known);
            });
    return ex -> serve(unknown, ex);
  }

  /** The RoutingHandler's invalid-method handler: a template matches, not for this method. */
  HttpHandler wrongMethod(PathTemplateMatcher<List<Route>> routes) {
    return ex -> {
      PathTemplateMatcher.PathMatchResult<List<Route>> match = routes.match(ex.getRelativePath());
      List<Route> candidates = match == null ? List.of() : match.getValue();
      // RFC 9110 §15.5.6: a 405 carries Allow, the methods the target supports
      String allow =
          candidates.stream()
              .flatMap(r -> r.methods().stream())
              .map(HttpString::toString)
              .distinct()
              .collect(Collectors.joining(", "));
      Route refuse =
          Route.get(
              "wrong-method",
              "/*",
              Route.Run.IO_THREAD,
              call -> {
                call.exchange().getResponseHeaders().put(Headers.ALLOW, allow);
                throw new Refusal(
                    Reason.MethodNotAllowed,
                    call.exchange().getRequestMethod() + " is not allowed here; use " + allow);
              });
      serve(refuse, ex);
    };
  }

  private void serve(Route route, HttpServerExchange ex) {
    Call call = new Call(this, route, ex);
    if (route.readsBody()) {
      readBody(call);
    } else {
      runOnItsThread(call);
    }
  }

  private void runOnItsThread(Call call) {
    HttpServerExchange ex = call.exchange();
    switch (call.route().run()) {
      case IO_THREAD -> run(call);
      case WORKER -> {
        if (ex.isInIoThread()) {
          ex.dispatch(() -> run(call));
        } else {
          run(call);
        }
      }
      case PLANT -> {
        if (!plantSlots.tryAcquire()) {
          refuse(
              call,
              new Refusal(
                  Reason.PlantBusy,
                  "the connector is already running "
                      + (limits.plantWorkers() + limits.plantQueue())
                      + " browse/suggest requests against the plant ("
                      + HttpLimits.PLANT_WORKERS_ENV
                      + "="
                      + limits.plantWorkers()
                      + ", "
                      + HttpLimits.PLANT_QUEUE_ENV
                      + "="
                      + limits.plantQueue()
                      + "); retry later"));
          return;
        }
        try {
          ex.dispatch(
              plantPool,
              () -> {
                try {
                  run(call);
                } finally {
                  plantSlots.release();
                }
              });
        } catch (RejectedExecutionException e) {
          plantSlots.release();
          refuse(call, new Refusal(Reason.PlantBusy, "the connector is shutting down"));
        }
      }
    }
  }

  private void run(Call call) {
    try {
      call.route().endpoint().handle(call);
      if (!call.answered()) {
        throw new IllegalStateException("endpoint " + call.route().name() + " gave no answer");
      }
    } catch (Refusal e) {
      refuse(call, e);
    } catch (RuntimeException | IOException e) {
      HttpServerExchange ex = call.exchange();
      LOG.error("unexpected failure on {} {}", ex.getRequestMethod(), ex.getRequestPath(), e);
      refuse(call, new Refusal(Reason.Internal, "internal error: " + e.getClass().getSimpleName()));
    }
  }

  private void readBody(Call call) {
    HttpServerExchange ex = call.exchange();
    long max = limits.maxBodyBytes();
    long declared = ex.getRequestContentLength();
    if (declared > max
        && (declared > max + DRAIN_BYTES || HttpContinue.requiresContinueResponse(ex))) {
      // the client waits for 100 Continue and sends nothing, or the body is not worth reading
      ex.setPersistent(false);
      refuse(call, tooLarge(declared));
      return;
    }
    // a chunked body has no declared length: this bounds what is read of it
    ex.setMaxEntitySize(max + DRAIN_BYTES);
    ByteArrayOutputStream kept = new ByteArrayOutputStream();
    long[] seen = {0};
    ex.getRequestReceiver()
        .receivePartialBytes(
            (e, bytes, last) -> {
              seen[0] += bytes.length;
              if (seen[0] <= max) {
                kept.write(bytes, 0, bytes.length);
              }
              if (!last) {
                return;
              }
              if (seen[0] > max) {
                refuse(call, tooLarge(declared >= 0 ? declared : seen[0]));
              } else {
                call.body(kept.toByteArray());
                runOnItsThread(call);
              }
            },
            (e, io) -> {
              if (io instanceof RequestTooBigException) {
                e.setPersistent(false);
                refuse(call, tooLarge(declared));
              } else {
                // the client went away mid-body: nobody to answer
                LOG.debug("request body read failed", io);
                e.endExchange();
              }
            });
  }

  private Refusal tooLarge(long length) {
    return new Refusal(
        Reason.BodyTooLarge,
        "request body"
            + (length >= 0 ? " of " + length + " bytes" : "")
            + " exceeds the limit of "
            + limits.maxBodyBytes()
            + " bytes ("
            + HttpLimits.MAX_BODY_BYTES_ENV
            + ")");
  }

  /** The body of every refusal. */
  private record ErrorBody(String error, Reason reason) {}

  private void refuse(Call call, Refusal e) {
    metrics.httpRefused(e.reason().name());
    byte[] body;
    try {
      body = json.writeValueAsBytes(new ErrorBody(e.getMessage(), e.reason()));
    } catch (JsonProcessingException j) {
      body =
          ("{\"error\":\"unrenderable error\",\"reason\":\"" + e.reason() + "\"}")
              .getBytes(StandardCharsets.UTF_8);
    }
    call.send(e.status(), body, Call.JSON);
  }

  void send(HttpServerExchange ex, int code, byte[] body, String contentType) {
    ex.setStatusCode(code);
    ex.getResponseHeaders().put(Headers.CONTENT_TYPE, contentType);
    ex.getResponseSender().send(ByteBuffer.wrap(body));
  }
}
