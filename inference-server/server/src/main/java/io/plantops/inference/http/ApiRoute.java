package io.plantops.inference.http;

import io.undertow.util.HttpString;
import io.undertow.util.Methods;
import java.io.IOException;

/**
 * One route of the API, as data: the method and path template it answers, the name it is counted
 * under in the request metrics, where its work runs, and the endpoint that does the work. A POST
 * route reads its body whole (within the limit) before its endpoint runs.
 *
 * @param name the {@code endpoint} label of the request metrics: one per route, never a raw path,
 *     so a client cannot create series by typing paths
 * @param method GET (HEAD is answered alike) or POST
 * @param template an Undertow path template, parameters in braces ({@code /v2/models/{name}})
 * @param run where the endpoint runs
 * @param access who may call it
 * @param endpoint the work
 */
record ApiRoute(
    String name, HttpString method, String template, Run run, Access access, Endpoint endpoint) {

  /** Who may call a route, when the data path is authenticated ({@link DataPathAuth}). */
  enum Access {
    /**
     * Anyone: health for the kubelet, {@code /metrics} for Prometheus and {@code /v1/status} for
     * the operator, none of which carries the plant's token; none changes anything.
     */
    OPEN,
    /** The plant's connector: the data path proper ({@code /v1/signals}, recommendations). */
    PLANT,
    /** Open Inference Protocol clients: the token is required when so configured. */
    MODEL
  }

  /** Where an endpoint runs. */
  enum Run {
    /**
     * On the I/O thread that read the request (or its body): short CPU-only work, where a hand-off
     * to a worker costs more than the work.
     */
    IO_THREAD,
    /** On a worker: work that may take longer or take locks the evaluation thread holds. */
    WORKER
  }

  /** The work of a route; answers through the call. */
  @FunctionalInterface
  interface Endpoint {
    void handle(ApiCall call) throws ApiError, IOException;
  }

  static ApiRoute get(String name, String template, Run run, Access access, Endpoint endpoint) {
    return new ApiRoute(name, Methods.GET, template, run, access, endpoint);
  }

  static ApiRoute post(String name, String template, Run run, Access access, Endpoint endpoint) {
    return new ApiRoute(name, Methods.POST, template, run, access, endpoint);
  }
}
