package io.plantops.inference.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.plantops.inference.metrics.InferenceMetrics;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import io.undertow.util.HttpString;
import io.undertow.util.Methods;
import io.undertow.util.PathTemplateMatch;
import io.undertow.util.PathTemplateMatcher;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * The one handler around every route, and around the answers for unknown paths (404) and wrong
 * methods (405): everything a request needs besides its endpoint's work happens here, once.
 *
 * <ul>
 *   <li>the request metrics, labelled with the route's name and the use case only when the path
 *       names one that exists, so the series stay bounded whatever clients send;
 *   <li>the body of any request that has one, read whole without blocking before its endpoint runs
 *       ({@link BodyReader}): within {@code PLANTOPS_MAX_BODY_BYTES} (413 beyond, after the rest is
 *       read away so the client is not reset before it reads the answer) and {@code
 *       PLANTOPS_HTTP_BODY_TIMEOUT_MS} (408);
 *   <li>the thread: an endpoint runs on the I/O thread or is dispatched to a worker;
 *   <li>the data-path token, on the routes that need it ({@link DataPathGuard}): a 401 before the
 *       endpoint runs;
 *   <li>errors: a refusal ({@link ApiError}) becomes its status with {@code {"error", "reason"}}
 *       and is counted by reason; anything else is logged with its stack trace and answered 500.
 * </ul>
 *
 * <p>Path templates match a trailing slash and empty parameters ({@code /v2/models//ready}); the
 * API does not, and answers those 404 as any unknown path.
 */
final class ApiEdge {

  private static final System.Logger LOG = System.getLogger(ApiEdge.class.getName());

  /** The route of paths that match none: counted as {@code endpoint="unknown"}. */
  private static final ApiRoute UNKNOWN =
      ApiRoute.get(
          "unknown",
          "/*",
          ApiRoute.Run.IO_THREAD,
          ApiRoute.Access.OPEN,
          call -> {
            throw ApiError.notFound(
                "UnknownPath",
                "no endpoint at "
                    + ApiError.quote(call.exchange().getRequestPath())
                    + "; see /v2/models/{name}, /v1/signals, /v1/recommendations, /v1/status,"
                    + " /metrics");
          });

  private final InferenceMetrics metrics;
  private final Predicate<String> knownUseCase;
  private final HttpLimits limits;
  private final ObjectMapper json;
  private final Optional<DataPathGuard> guard;
  private final boolean guardModelEndpoints;

  /**
   * @param knownUseCase whether a name in a path is a use case here (only those become labels)
   * @param limits the largest body a request may carry and the time it may take
   * @param guard the data-path token check, when the data path is authenticated
   * @param guardModelEndpoints whether the OIP v2 routes need the token too
   */
  ApiEdge(
      InferenceMetrics metrics,
      Predicate<String> knownUseCase,
      HttpLimits limits,
      ObjectMapper json,
      Optional<DataPathGuard> guard,
      boolean guardModelEndpoints) {
    this.metrics = metrics;
    this.knownUseCase = knownUseCase;
    this.limits = limits;
    this.json = json;
    this.guard = guard;
    this.guardModelEndpoints = guardModelEndpoints;
  }

  /** The handler of {@code route}, for the RoutingHandler that matched its template. */
  HttpHandler around(ApiRoute route) {
    return ex -> {
      long start = System.nanoTime();
      PathTemplateMatch match = ex.getAttachment(PathTemplateMatch.ATTACHMENT_KEY);
      Map<String, String> parameters = match == null ? Map.of() : match.getParameters();
      if (exact(ex, parameters)) {
        serve(route, ex, parameters, start);
      } else {
        serve(UNKNOWN, ex, Map.of(), start);
      }
    };
  }

  /** The RoutingHandler's fallback: no template matches the path. */
  HttpHandler unknownPath() {
    return ex -> serve(UNKNOWN, ex, Map.of(), System.nanoTime());
  }

  /**
   * The RoutingHandler's invalid-method handler: a template matches, not for this method. It is
   * told nothing about the match, so {@code routes} (the same table by template) names the route,
   * which the answer is counted under.
   */
  HttpHandler wrongMethod(PathTemplateMatcher<List<ApiRoute>> routes) {
    return ex -> {
      long start = System.nanoTime();
      PathTemplateMatcher.PathMatchResult<List<ApiRoute>> match =
          routes.match(ex.getRelativePath());
      if (match == null || !exact(ex, match.getParameters())) {
        serve(UNKNOWN, ex, Map.of(), start);
        return;
      }
      serve(methodNotAllowed(match.getValue()), ex, match.getParameters(), start);
    };
  }

  private static ApiRoute methodNotAllowed(List<ApiRoute> routes) {
    String use =
        routes.stream().map(r -> r.method().toString()).collect(Collectors.joining(" or "));
    // RFC 9110 §15.5.6: a 405 carries Allow, the methods the target supports
    String allow =
        routes.stream()
            .flatMap(r -> methods(r).stream())
            .map(HttpString::toString)
            .distinct()
            .collect(Collectors.joining(", "));
    ApiRoute first = routes.get(0);
    return ApiRoute.get(
        first.name(),
        first.template(),
        ApiRoute.Run.IO_THREAD,
        ApiRoute.Access.OPEN,
        call -> {
          call.exchange().getResponseHeaders().put(Headers.ALLOW, allow);
          throw new ApiError(
              405,
              "MethodNotAllowed",
              ApiError.quote(call.exchange().getRequestMethod().toString())
                  + " is not allowed here; use "
                  + use);
        });
  }

  /** False for a trailing slash or an empty parameter, which templates accept and paths do not. */
  private static boolean exact(HttpServerExchange ex, Map<String, String> parameters) {
    String path = ex.getRelativePath();
    return !(path.length() > 1 && path.endsWith("/"))
        && parameters.values().stream().noneMatch(String::isEmpty);
  }

  private void serve(
      ApiRoute route, HttpServerExchange ex, Map<String, String> parameters, long start) {
    ApiCall call = new ApiCall(this, route, ex, parameters, start);
    if (ex.isRequestComplete()) {
      runOnItsThread(call);
    } else {
      readBody(call);
    }
  }

  private void runOnItsThread(ApiCall call) {
    HttpServerExchange ex = call.exchange();
    if (call.route().run() == ApiRoute.Run.WORKER && ex.isInIoThread()) {
      ex.dispatch(e -> run(call));
    } else {
      run(call);
    }
  }

  private void run(ApiCall call) {
    try {
      authorize(call);
      call.route().endpoint().handle(call);
    } catch (ApiError e) {
      error(call, e);
    } catch (RuntimeException | IOException e) {
      unexpected(call, e);
    }
  }

  /**
   * Refuses a request to a guarded route without the plant's token, before its endpoint runs, so a
   * refused request changes nothing. RFC 6750 §3: 401 with {@code WWW-Authenticate: Bearer}, and
   * {@code error="invalid_token"} only when a token was sent. The token is never echoed.
   */
  private void authorize(ApiCall call) throws ApiError {
    ApiRoute.Access access = call.route().access();
    if (guard.isEmpty()
        || access == ApiRoute.Access.OPEN
        || (access == ApiRoute.Access.MODEL && !guardModelEndpoints)) {
      return;
    }
    HttpServerExchange ex = call.exchange();
    DataPathGuard.Verdict verdict =
        guard.get().check(ex.getRequestHeaders().getFirst(Headers.AUTHORIZATION));
    if (verdict == DataPathGuard.Verdict.ADMITTED) {
      return;
    }
    metrics.authRefused(call.route().name(), verdict.label());
    switch (verdict) {
      case MISSING -> {
        ex.getResponseHeaders().put(Headers.WWW_AUTHENTICATE, "Bearer realm=\"plantops\"");
        throw new ApiError(
            401,
            "MissingCredential",
            "this endpoint needs the plant's data-path token: send 'Authorization: Bearer <token>'"
                + " with the token from the plant's data-path Secret (key 'token')");
      }
      case INVALID -> {
        ex.getResponseHeaders()
            .put(Headers.WWW_AUTHENTICATE, "Bearer realm=\"plantops\", error=\"invalid_token\"");
        throw new ApiError(
            401,
            "InvalidCredential",
            "the bearer token is not this plant's data-path token (another plant's, or replaced"
                + " longer ago than the grace period)");
      }
      default -> {
        ex.getResponseHeaders()
            .put(Headers.WWW_AUTHENTICATE, "Bearer realm=\"plantops\", error=\"invalid_token\"");
        throw new ApiError(
            401,
            "CredentialUnconfigured",
            "this server has no data-path token to check against (its Secret is not mounted or is"
                + " empty); see the server's log");
      }
    }
  }

  /** Reads the request's body, whatever the route, so that no answer leaves a body unread. */
  private void readBody(ApiCall call) {
    HttpServerExchange ex = call.exchange();
    BodyReader.read(
        ex,
        limits.maxBodyBytes(),
        limits,
        new BodyReader.Outcome() {
          @Override
          public void body(byte[] bytes) {
            call.body(bytes);
            runOnItsThread(call);
          }

          @Override
          public void refused(ApiError why, boolean close) {
            if (close) {
              ex.setPersistent(false);
            }
            error(call, why);
          }
        });
  }

  /** Sends the answer and counts it. */
  void send(ApiCall call, int code, byte[] body, String contentType, String modelVersion) {
    HttpServerExchange ex = call.exchange();
    ex.setStatusCode(code);
    ex.getResponseHeaders().put(Headers.CONTENT_TYPE, contentType);
    ex.getResponseSender().send(ByteBuffer.wrap(body));
    metrics.request(
        call.route().name(),
        useCaseLabel(call),
        modelVersion,
        code,
        System.nanoTime() - call.startNanos());
  }

  /** The use case label: the model named by the path when it exists here, else empty. */
  private String useCaseLabel(ApiCall call) {
    String name = call.model();
    return name != null && knownUseCase.test(name) ? name : "";
  }

  /** The body of every refusal. */
  private record ErrorBody(String error, String reason) {}

  private void error(ApiCall call, ApiError e) {
    metrics.requestError(call.route().name(), useCaseLabel(call), e.reason());
    byte[] body;
    try {
      body = json.writeValueAsBytes(new ErrorBody(e.getMessage(), e.reason()));
    } catch (JsonProcessingException j) {
      body = "{\"error\":\"unrenderable error\"}".getBytes(StandardCharsets.UTF_8);
    }
    send(call, e.status(), body, ApiCall.JSON, "");
  }

  private void unexpected(ApiCall call, Exception e) {
    HttpServerExchange ex = call.exchange();
    LOG.log(
        System.Logger.Level.ERROR,
        "unexpected failure on " + ex.getRequestMethod() + " " + ex.getRequestPath(),
        e);
    error(call, new ApiError(500, "Internal", "internal error: " + e.getClass().getSimpleName()));
  }

  /** The methods a route table answers for {@code route}: HEAD comes with GET. */
  static List<HttpString> methods(ApiRoute route) {
    return Methods.GET.equals(route.method())
        ? List.of(Methods.GET, Methods.HEAD)
        : List.of(route.method());
  }
}
