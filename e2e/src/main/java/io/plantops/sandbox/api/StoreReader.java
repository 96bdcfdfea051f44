package io.plantops.sandbox.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.mockwebserver.dsl.HttpMethod;
import io.fabric8.mockwebserver.http.Buffer;
import io.fabric8.mockwebserver.http.Dispatcher;
import io.fabric8.mockwebserver.http.Headers;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.plantops.api.v1alpha1.ApiGroup;
import io.plantops.api.v1alpha1.Plant;
import io.plantops.api.v1alpha1.TagMapping;
import io.plantops.api.v1alpha1.UseCaseTemplate;
import io.plantops.operator.admission.ClusterReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The webhook's view of the other objects (a TagMapping's Plant, a SiteDeployment's template), read
 * from the store with the list calls the operator makes on a cluster.
 */
final class StoreReader implements ClusterReader {

  private final Dispatcher store;

  StoreReader(Dispatcher store) {
    this.store = store;
  }

  @Override
  public List<UseCaseTemplate> templates() {
    return list("/usecasetemplates", UseCaseTemplate.class);
  }

  @Override
  public List<Plant> plants(String namespace) {
    return list("/namespaces/" + namespace + "/plants", Plant.class);
  }

  @Override
  public List<TagMapping> tagMappings(String namespace) {
    return list("/namespaces/" + namespace + "/tagmappings", TagMapping.class);
  }

  private <T> List<T> list(String path, Class<T> type) {
    RecordedRequest get =
        new RecordedRequest(
            "HTTP/1.1",
            HttpMethod.GET,
            "/apis/" + ApiGroup.API_VERSION + path,
            new Headers.Builder().build(),
            new Buffer());
    MockResponse r = store.dispatch(get);
    if (r.code() == 404) {
      return List.of();
    }
    if (r.code() != 200) {
      throw new IllegalStateException(
          "the sandbox cannot list " + path + ": " + r.code() + " " + Messages.body(r));
    }
    List<T> out = new ArrayList<>();
    try {
      for (JsonNode item : Messages.JSON.readTree(Messages.body(r)).path("items")) {
        out.add(Messages.JSON.treeToValue(item, type));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("the sandbox cannot read the list of " + path, e);
    }
    return out;
  }
}
