package io.plantops.sandbox.api;

import io.fabric8.mockwebserver.http.Dispatcher;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;

/**
 * Authentication, the API server's first step: a request without a token the {@link Authenticator}
 * knows is answered 401 Unauthorized, the Status a real API server gives (anonymous requests are
 * disabled, as on most clusters).
 */
final class AuthenticationLink implements Link {

  private final Authenticator authenticator;

  AuthenticationLink(Authenticator authenticator) {
    this.authenticator = authenticator;
  }

  @Override
  public MockResponse dispatch(RecordedRequest request, Dispatcher next) {
    if (authenticator.authenticate(request).isEmpty()) {
      return Messages.status(401, "Unauthorized", "Unauthorized", null);
    }
    return next.dispatch(request);
  }
}
