package io.plantops.sandbox.api;

import io.fabric8.mockwebserver.http.Dispatcher;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;

/**
 * Refuses bodies that are not JSON with 415. kubectl sends built-in kinds as protobuf first and, on
 * 415, client-go retries them as JSON, which the store understands.
 */
final class JsonOnlyLink implements Link {

  @Override
  public MockResponse dispatch(RecordedRequest request, Dispatcher next) {
    String contentType = Messages.contentType(request);
    if (contentType.contains("protobuf") || contentType.contains("cbor")) {
      return Messages.status(
          415,
          "UnsupportedMediaType",
          "the sandbox API server speaks JSON only, not " + contentType,
          null);
    }
    return next.dispatch(request);
  }
}
