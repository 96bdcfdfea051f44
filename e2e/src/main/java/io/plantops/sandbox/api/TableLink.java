package io.plantops.sandbox.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.mockwebserver.http.Dispatcher;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.io.IOException;
import java.net.URI;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Answers a GET that asks for a {@code Table} ({@code Accept: ...;as=Table}, what {@code kubectl
 * get} sends) with the stored objects rendered by {@link Tables}; watches stay watches.
 */
final class TableLink implements Link {

  private final ApiResources resources;
  private final Clock clock;

  TableLink(ApiResources resources, Clock clock) {
    this.resources = resources;
    this.clock = clock;
  }

  @Override
  public MockResponse dispatch(RecordedRequest request, Dispatcher next) {
    Optional<ResourcePath> path = ResourcePath.parse(request.getPath());
    if (path.isEmpty() || !"GET".equals(request.getMethod()) || !wantsTable(request)) {
      return next.dispatch(request);
    }
    MockResponse stored = next.dispatch(request);
    if (stored.code() != 200) {
      return stored;
    }
    try {
      JsonNode body = Messages.JSON.readTree(Messages.body(stored));
      List<JsonNode> items = new ArrayList<>();
      if (path.get().name().isPresent()) {
        items.add(body);
      } else {
        body.path("items").forEach(items::add);
      }
      String gvPlural = path.get().gvPlural();
      return Messages.ok(
          Tables.render(resources.crd(gvPlural).orElse(null), gvPlural, items, clock));
    } catch (IOException e) {
      return Messages.status(
          500, "InternalError", "cannot render a table: " + e.getMessage(), null);
    }
  }

  private static boolean wantsTable(RecordedRequest request) {
    String accept = request.getHeader("Accept");
    String query = URI.create(request.getPath()).getRawQuery();
    boolean watch = query != null && query.contains("watch=true");
    return accept != null && accept.contains("as=Table") && !watch;
  }
}
