package io.plantops.sandbox.api;

import static io.plantops.sandbox.api.Requests.get;
import static io.plantops.sandbox.api.Requests.json;
import static io.plantops.sandbox.api.Requests.post;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.mockwebserver.http.Dispatcher;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.plantops.mockapi.IndexedCrudDispatcher;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Field selectors on lists, as kubectl describe and kubectl get --field-selector send them. */
class FieldSelectorLinkTest {

  static final String EVENTS = "/api/v1/namespaces/plant-lyon/events";

  IndexedCrudDispatcher store;
  FieldSelectorLink link = new FieldSelectorLink(new ApiResources());

  @BeforeEach
  void setUp() {
    store = new IndexedCrudDispatcher();
    event("kiln1-energy.1", "SiteDeployment", "kiln1-energy", "uid-1", "Warning", "DriftAlert");
    event("kiln1-energy.2", "SiteDeployment", "kiln1-energy", "uid-1", "Normal", "StagePromoted");
    event("lyon.1", "Plant", "lyon", "uid-2", "Normal", "Connected");
  }

  void event(String name, String kind, String object, String uid, String type, String reason) {
    store.dispatch(
        post(
            EVENTS,
            "{\"apiVersion\":\"v1\",\"kind\":\"Event\",\"metadata\":{\"name\":\""
                + name
                + "\",\"namespace\":\"plant-lyon\"},\"involvedObject\":{\"apiVersion\":"
                + "\"plantops.io/v1alpha1\",\"kind\":\""
                + kind
                + "\",\"name\":\""
                + object
                + "\",\"namespace\":\"plant-lyon\",\"uid\":\""
                + uid
                + "\"},\"type\":\""
                + type
                + "\",\"reason\":\""
                + reason
                + "\",\"message\":\"m\",\"source\":{\"component\":\"plantops-operator\"}}"));
  }

  List<String> names(MockResponse r) {
    assertThat(r.code()).as(Messages.body(r)).isEqualTo(200);
    List<String> names = new ArrayList<>();
    for (JsonNode item : json(r).path("items")) {
      names.add(item.at("/metadata/name").asText());
    }
    return names;
  }

  @Test
  void selectsAResourcesEventsByInvolvedObjectAsKubectlDescribeAsksForThem() {
    // what kubectl describe sends, URL-encoded
    MockResponse r =
        link.dispatch(
            get(
                EVENTS
                    + "?fieldSelector=involvedObject.name%3Dkiln1-energy%2CinvolvedObject.namespace"
                    + "%3Dplant-lyon%2CinvolvedObject.kind%3DSiteDeployment%2CinvolvedObject.uid"
                    + "%3Duid-1&limit=500"),
            store);
    assertThat(names(r)).containsExactly("kiln1-energy.1", "kiln1-energy.2");
    // typed as the API server types it: client-go's typed clients decode nothing else
    assertThat(json(r).path("kind").asText()).isEqualTo("EventList");
    assertThat(json(r).path("apiVersion").asText()).isEqualTo("v1");
  }

  @Test
  void supportsEqualityInequalityAndTheEventsSourceField() {
    assertThat(names(link.dispatch(get(EVENTS + "?fieldSelector=type%3D%3DWarning"), store)))
        .containsExactly("kiln1-energy.1");
    assertThat(names(link.dispatch(get(EVENTS + "?fieldSelector=type!%3DWarning"), store)))
        .containsExactly("kiln1-energy.2", "lyon.1");
    assertThat(
            names(link.dispatch(get(EVENTS + "?fieldSelector=source%3Dplantops-operator"), store)))
        .hasSize(3);
    assertThat(names(link.dispatch(get(EVENTS + "?fieldSelector=metadata.name%3Dlyon.1"), store)))
        .containsExactly("lyon.1");
  }

  @Test
  void refusesAFieldTheKindCannotBeSelectedByAsTheApiServerDoes() {
    MockResponse r = link.dispatch(get(EVENTS + "?fieldSelector=message%3Dm"), store);
    assertThat(r.code()).isEqualTo(400);
    assertThat(json(r).path("message").asText())
        .startsWith("field label not supported: message")
        .contains("involvedObject.name");
    MockResponse configMaps =
        link.dispatch(
            get("/api/v1/namespaces/plant-lyon/configmaps?fieldSelector=data.x%3Dy"), store);
    assertThat(configMaps.code()).isEqualTo(400);
  }

  @Test
  void refusesASelectorThatDoesNotParse() {
    MockResponse r = link.dispatch(get(EVENTS + "?fieldSelector=type"), store);
    assertThat(r.code()).isEqualTo(400);
    assertThat(json(r).path("message").asText()).contains("is not field=value");
  }

  @Test
  void parsesEscapedCommasAndEqualSignsInValues() {
    assertThat(FieldSelectorLink.parse("reason=a\\,b,type!=c\\=d"))
        .containsExactly(
            new FieldSelectorLink.Requirement("reason", "a,b", true),
            new FieldSelectorLink.Requirement("type", "c=d", false));
  }

  @Test
  void leavesRequestsWithoutASelectorAndWatchesToTheStore() {
    assertThat(names(link.dispatch(get(EVENTS), store))).hasSize(3);
    RecordedRequests seen = new RecordedRequests();
    link.dispatch(get(EVENTS + "?watch=true&fieldSelector=type%3DWarning"), seen);
    assertThat(seen.paths).containsExactly(EVENTS + "?watch=true&fieldSelector=type%3DWarning");
  }

  /** A store that only records the paths it was asked for. */
  static final class RecordedRequests extends Dispatcher {
    final List<String> paths = new ArrayList<>();

    @Override
    public MockResponse dispatch(RecordedRequest request) {
      paths.add(request.getPath());
      return new MockResponse().setResponseCode(200);
    }
  }
}
