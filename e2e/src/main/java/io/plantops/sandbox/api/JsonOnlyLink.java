package io.plantops.sandbox.api;

import io.fabric8.mockwebserver.http.Dispatcher;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;

/**
 * Refuses bodies the store cannot read with 415, each with a message that says what to do instead:
 *
 * <ul>
 *   <li>protobuf and CBOR: kubectl sends built-in kinds as protobuf first and, on 415, client-go
 *       retries them as JSON, which the store understands;
 *   <li>server-side apply ({@code application/apply-patch+yaml}, {@code kubectl apply
 *       --server-side}): the store has no field management to merge by, and guessing would store
 *       something other than what an API server stores. Client-side apply, replace and patch work.
 * </ul>
 */
final class JsonOnlyLink implements Link {

  static final String SERVER_SIDE_APPLY =
      "server-side apply (kubectl apply --server-side) is not supported by the sandbox API"
          + " server: it keeps no managed fields to merge by. Use client-side apply (kubectl apply"
          + " -f, the default), kubectl replace -f or kubectl patch; on a real cluster"
          + " --server-side works";

  @Override
  public MockResponse dispatch(RecordedRequest request, Dispatcher next) {
    String contentType = Messages.contentType(request);
    if (contentType.contains("apply-patch")) {
      return Messages.status(415, "UnsupportedMediaType", SERVER_SIDE_APPLY, null);
    }
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
