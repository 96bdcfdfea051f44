package io.plantops.mockapi;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.http.Dispatcher;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterProperty;
import org.junit.jupiter.api.Test;

/**
 * The index must not change a single answer: random request sequences (creates, updates, merge
 * patches, status writes, gets, lists with and without namespace, label and field selectors,
 * deletes, collection deletes, discovery) are sent over HTTP to a mock server with the stock {@link
 * KubernetesCrudDispatcher} and to one with {@link IndexedCrudDispatcher}; every response code and
 * body must be equal (uids and timestamps aside, which are random or clock-dependent).
 */
class IndexedCrudDispatcherTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final List<String> NAMESPACES = List.of("lyon", "joliet");
  private static final List<String> NAMES = List.of("a", "b", "c");

  /** A kind in the universe the requests are drawn from. */
  record Kind(String prefix, String plural, String apiVersion, String kind, boolean namespaced) {

    String collection(String namespace) {
      return namespaced
          ? prefix + "/namespaces/" + namespace + "/" + plural
          : prefix + "/" + plural;
    }

    String body(String namespace, String name, String label, int value) {
      String ns = namespaced ? ",\"namespace\":\"" + namespace + "\"" : "";
      return "{\"apiVersion\":\""
          + apiVersion
          + "\",\"kind\":\""
          + kind
          + "\",\"metadata\":{\"name\":\""
          + name
          + "\""
          + ns
          + ",\"labels\":{\"app\":\""
          + label
          + "\"}},\"spec\":{\"size\":"
          + value
          + "}}";
    }
  }

  static final List<Kind> KINDS =
      List.of(
          new Kind("/api/v1", "configmaps", "v1", "ConfigMap", true),
          new Kind("/apis/apps/v1", "deployments", "apps/v1", "Deployment", true),
          // same plural in two groups: a core path matches both, order decides
          new Kind("/api/v1", "events", "v1", "Event", true),
          new Kind("/apis/events.k8s.io/v1", "events", "events.k8s.io/v1", "Event", true),
          new Kind("/apis/test.plantops.io/v1", "widgets", "test.plantops.io/v1", "Widget", true),
          new Kind("/apis/test.plantops.io/v1", "gadgets", "test.plantops.io/v1", "Gadget", false));

  /** One HTTP request. */
  record Op(String method, String path, String body, String contentType) {
    @Override
    public String toString() {
      return method + " " + path + (body == null ? "" : " " + body);
    }
  }

  private final List<KubernetesMockServer> servers = new ArrayList<>();

  @AfterProperty
  void stopServers() {
    servers.forEach(KubernetesMockServer::destroy);
    servers.clear();
  }

  @Property(tries = 40)
  void everyAnswerEqualsTheStockDispatchers(@ForAll("sequences") List<Op> ops) throws Exception {
    KubernetesMockServer stock = start(new KubernetesCrudDispatcher(List.of()));
    KubernetesMockServer indexed = start(new IndexedCrudDispatcher());
    List<Op> all = new ArrayList<>(ops);
    // then read everything back, by every kind of read
    for (Kind k : KINDS) {
      all.add(new Op("GET", k.prefix() + "/" + k.plural(), null, null));
      for (String ns : NAMESPACES) {
        all.add(new Op("GET", k.collection(ns), null, null));
      }
    }
    for (Op op : all) {
      Answer expected = send(stock, op);
      Answer actual = send(indexed, op);
      assertThat(actual).as(op.toString()).isEqualTo(expected);
    }
  }

  @Test
  void aStoreOfThousandsAnswersByNameAndByNamespaceFromItsBuckets() throws Exception {
    IndexedCrudDispatcher dispatcher = new IndexedCrudDispatcher();
    KubernetesMockServer server = start(dispatcher);
    try {
      Kind widgets = KINDS.get(4);
      for (int i = 0; i < 2_000; i++) {
        String ns = "plant-" + (i % 100);
        Op create =
            new Op(
                "POST",
                widgets.collection(ns),
                widgets.body(ns, "w" + i, "x", i),
                "application/json");
        assertThat(send(server, create).code()).isEqualTo(201);
      }
      Answer one =
          send(server, new Op("GET", widgets.collection("plant-7") + "/w1207", null, null));
      assertThat(one.code()).isEqualTo(200);
      assertThat(one.body().path("spec").path("size").asInt()).isEqualTo(1207);
      Answer missing =
          send(server, new Op("GET", widgets.collection("plant-8") + "/w1207", null, null));
      assertThat(missing.code()).isEqualTo(404);
      Answer namespace = send(server, new Op("GET", widgets.collection("plant-7"), null, null));
      assertThat(namespace.body().path("items")).hasSize(20);
      // the 2,000 widgets and the two CRDs
      assertThat(dispatcher.store()).hasSize(2_002);
    } finally {
      stopServers();
    }
  }

  @Provide
  Arbitrary<List<Op>> sequences() {
    Arbitrary<Kind> kinds = Arbitraries.of(KINDS);
    Arbitrary<String> namespaces = Arbitraries.of(NAMESPACES);
    Arbitrary<String> names = Arbitraries.of(NAMES);
    Arbitrary<String> labels = Arbitraries.of("1", "2");
    Arbitrary<Integer> values = Arbitraries.integers().between(0, 9);
    Arbitrary<Integer> shapes = Arbitraries.integers().between(0, 11);
    Arbitrary<Op> op =
        Combinators.combine(kinds, namespaces, names, labels, values, shapes)
            .as(IndexedCrudDispatcherTest::op);
    return op.list().ofMinSize(1).ofMaxSize(60);
  }

  static Op op(Kind k, String ns, String name, String label, int value, int shape) {
    String collection = k.collection(ns);
    String item = collection + "/" + name;
    return switch (shape) {
      case 0, 1, 2 ->
          new Op("POST", collection, k.body(ns, name, label, value), "application/json");
      case 3 -> new Op("PUT", item, k.body(ns, name, label, value), "application/json");
      case 4 ->
          new Op(
              "PATCH",
              item,
              "{\"metadata\":{\"labels\":{\"app\":\""
                  + label
                  + "\"}},\"spec\":{\"size\":"
                  + value
                  + "}}",
              "application/merge-patch+json");
      case 5 ->
          new Op(
              "PATCH",
              item + "/status",
              "{\"status\":{\"observed\":" + value + "}}",
              "application/merge-patch+json");
      case 6 -> new Op("GET", item, null, null);
      case 7 -> new Op("GET", collection + "?labelSelector=app%3D" + label, null, null);
      case 8 ->
          new Op(
              "GET",
              k.prefix() + "/" + k.plural() + "?fieldSelector=metadata.name%3D" + name,
              null,
              null);
      case 9 -> new Op("DELETE", item, null, null);
      case 10 ->
          value < 2
              ? new Op("DELETE", collection, null, null)
              : new Op("GET", collection, null, null);
      default -> new Op("GET", k.prefix(), null, null);
    };
  }

  /** A response: code and body, uids and timestamps taken out. */
  record Answer(int code, JsonNode body) {}

  static Answer send(KubernetesMockServer server, Op op) throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(
            URI.create("http://" + server.getHostName() + ":" + server.getPort() + op.path()));
    if (op.body() == null) {
      request.method(op.method(), HttpRequest.BodyPublishers.noBody());
    } else {
      request
          .header("Content-Type", op.contentType())
          .method(op.method(), HttpRequest.BodyPublishers.ofString(op.body()));
    }
    HttpResponse<String> response =
        HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    JsonNode body;
    try {
      body = response.body().isEmpty() ? JSON.nullNode() : JSON.readTree(response.body());
    } catch (Exception notJson) {
      body = JSON.getNodeFactory().textNode(response.body());
    }
    return new Answer(response.statusCode(), normalised(body));
  }

  static JsonNode normalised(JsonNode node) {
    if (node instanceof ObjectNode object) {
      if (object.get("metadata") instanceof ObjectNode metadata) {
        metadata.remove(List.of("uid", "creationTimestamp", "deletionTimestamp"));
      }
      object.forEach(IndexedCrudDispatcherTest::normalised);
    } else if (node.isArray()) {
      node.forEach(IndexedCrudDispatcherTest::normalised);
    }
    return node;
  }

  private KubernetesMockServer start(Dispatcher dispatcher) {
    KubernetesMockServer server =
        new KubernetesMockServer(
            new Context(Serialization.jsonMapper()),
            new MockWebServer(),
            new HashMap<>(),
            dispatcher,
            false);
    server.init();
    servers.add(server);
    try (KubernetesClient client = server.createClient()) {
      client
          .apiextensions()
          .v1()
          .customResourceDefinitions()
          .resource(crd("Widget", "widgets", "Namespaced"))
          .create();
      client
          .apiextensions()
          .v1()
          .customResourceDefinitions()
          .resource(crd("Gadget", "gadgets", "Cluster"))
          .create();
    }
    return server;
  }

  static CustomResourceDefinition crd(String kind, String plural, String scope) {
    return new CustomResourceDefinitionBuilder()
        .withNewMetadata()
        .withName(plural + ".test.plantops.io")
        .endMetadata()
        .withNewSpec()
        .withGroup("test.plantops.io")
        .withScope(scope)
        .withNewNames()
        .withKind(kind)
        .withPlural(plural)
        .withSingular(kind.toLowerCase(java.util.Locale.ROOT))
        .endNames()
        .addNewVersion()
        .withName("v1")
        .withServed(true)
        .withStorage(true)
        .withNewSubresources()
        .withNewStatus()
        .endStatus()
        .endSubresources()
        .endVersion()
        .endSpec()
        .build();
  }
}
