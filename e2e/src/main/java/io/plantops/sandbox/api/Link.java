package io.plantops.sandbox.api;

import io.fabric8.mockwebserver.http.Dispatcher;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;

/**
 * One link of the sandbox API server's chain, composed as Fabric8's {@code
 * KubernetesMixedDispatcher} composes its expectations with its CRUD store: a link answers the
 * requests it owns and hands every other one, unchanged or rewritten, to the next link; the last
 * link hands it to the store. {@link SandboxDispatcher} holds the chain as a list.
 */
@FunctionalInterface
interface Link {

  /**
   * Answers {@code request}, or returns what {@code next} answers to it (or to a rewrite of it).
   */
  MockResponse dispatch(RecordedRequest request, Dispatcher next);
}
