package io.plantops.connector.http;

import io.undertow.util.HttpString;
import io.undertow.util.Methods;
import java.io.IOException;
import java.util.List;

/**
 * One route of the connector's HTTP surface, as data: the method and path template it answers, its
 * name, where its work runs, and the endpoint that does the work. A POST route reads its body whole
 * (within the limit) before its endpoint runs.
 *
 * @param name the route's name in logs
 * @param method GET (HEAD is answered alike) or POST
 * @param template an Undertow path template
 * @param run where the endpoint runs
 * @param endpoint the work
 */
record Route(String name, HttpString method, String template, Run run, Endpoint endpoint) {

  /** Where an endpoint runs. */
  enum Run {
    /** On the I/O thread: answers that take no lock and no I/O (the probes), never queued. */
    IO_THREAD,
    /** On Undertow's worker pool: in-memory reads of the connector (status, metrics). */
    WORKER,
    /**
     * On the small bounded pool of work that talks to the plant (browse, suggest): a full pool
     * answers 503 {@code PlantBusy} at once rather than queueing without end.
     */
    PLANT
  }

  /** The work of a route; answers through the call. */
  @FunctionalInterface
  interface Endpoint {
    void handle(Call call) throws Refusal, IOException;
  }

  static Route get(String name, String template, Run run, Endpoint endpoint) {
    return new Route(name, Methods.GET, template, run, endpoint);
  }

  static Route post(String name, String template, Run run, Endpoint endpoint) {
    return new Route(name, Methods.POST, template, run, endpoint);
  }

  /** True when the endpoint needs the request body. */
  boolean readsBody() {
    return Methods.POST.equals(method);
  }

  /** The methods this route answers: HEAD comes with GET. */
  List<HttpString> methods() {
    return Methods.GET.equals(method) ? List.of(Methods.GET, Methods.HEAD) : List.of(method);
  }
}
