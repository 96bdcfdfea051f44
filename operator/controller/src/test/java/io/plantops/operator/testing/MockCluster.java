package io.plantops.operator.testing;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.ServerRequest;
import io.fabric8.mockwebserver.ServerResponse;
import io.fabric8.mockwebserver.http.Dispatcher;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.fabric8.mockwebserver.http.Response;
import io.fabric8.mockwebserver.http.WebSocket;
import io.fabric8.mockwebserver.http.WebSocketListener;
import io.plantops.mockapi.IndexedCrudDispatcher;
import io.plantops.mockapi.IndexedMixedDispatcher;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * Fabric8's KubernetesMockServer in CRUD mode with the plantops CRDs from {@code crds/} created in
 * it (so it knows the kinds and their status subresource), recording every request with its
 * User-Agent so that tests can tell the operator's calls from their own.
 *
 * <p>The store is {@link IndexedCrudDispatcher} (Fabric8's CRUD dispatcher with an index, same
 * answers) unless {@link Store#STOCK} is asked for: the benchmark measures both.
 */
public final class MockCluster implements AutoCloseable {

  public static final String OPERATOR_AGENT = "plantops-operator-under-test";
  public static final String TEST_AGENT = "plantops-test";

  /** The repository root, for crds/ and examples/. */
  public static final Path ROOT =
      Path.of(System.getProperty("plantops.root", "../..")).toAbsolutePath().normalize();

  private final KubernetesMockServer server;
  private final List<ApiCall> calls = new CopyOnWriteArrayList<>();
  private final List<KubernetesClient> clients = new ArrayList<>();
  private volatile boolean recording = true;
  private final List<Consumer<ApiCall>> listeners = new CopyOnWriteArrayList<>();
  private final KubernetesClient client;
  private final Map<String, AtomicInteger> brokenWatches = new ConcurrentHashMap<>();

  /** The mock web server logs every request through java.util.logging at INFO. */
  private static final java.util.logging.Logger MOCK_LOG =
      java.util.logging.Logger.getLogger("io.fabric8.mockwebserver.MockWebServer");

  static {
    MOCK_LOG.setLevel(java.util.logging.Level.WARNING);
  }

  /** Which CRUD dispatcher holds the objects. */
  public enum Store {
    /** Fabric8's {@link KubernetesCrudDispatcher}: every request scans the whole store. */
    STOCK,
    /** {@link IndexedCrudDispatcher}: the same answers from buckets per kind and namespace. */
    INDEXED
  }

  public MockCluster() {
    this(Store.INDEXED);
  }

  public MockCluster(Store store) {
    Map<ServerRequest, Queue<ServerResponse>> responses = new HashMap<>();
    IndexedMixedDispatcher crud =
        new IndexedMixedDispatcher(
            responses,
            store == Store.STOCK
                ? new KubernetesCrudDispatcher(List.of())
                : new IndexedCrudDispatcher());
    Dispatcher recordingDispatcher =
        new Dispatcher() {
          @Override
          public MockResponse dispatch(RecordedRequest request) {
            if (recording || !listeners.isEmpty()) {
              String agent = request.getHeader("User-Agent");
              ApiCall call =
                  ApiCall.of(agent == null ? "" : agent, request.getMethod(), request.getPath());
              if (recording) {
                calls.add(call);
              }
              listeners.forEach(l -> l.accept(call));
            }
            MockResponse broken = brokenWatch(request);
            return broken != null ? broken : crud.dispatch(request);
          }
        };
    server =
        new KubernetesMockServer(
            new Context(Serialization.jsonMapper()),
            new MockWebServer(),
            responses,
            recordingDispatcher,
            false);
    server.init();
    client = newClient(TEST_AGENT);
    loadCrds();
  }

  /** The test's own client. */
  public KubernetesClient client() {
    return client;
  }

  /** A new client with its own User-Agent (the operator gets {@link #OPERATOR_AGENT}). */
  public KubernetesClient newClient(String userAgent) {
    return newClient(userAgent, new KubernetesClientBuilder());
  }

  /** A new client from {@code builder} (the operator's own, with its serialization). */
  public KubernetesClient newClient(String userAgent, KubernetesClientBuilder builder) {
    Config base = server.createClient().getConfiguration();
    KubernetesClient c =
        builder
            .withConfig(
                new ConfigBuilder(base)
                    .withUserAgent(userAgent)
                    .withNamespace("plantops-system")
                    .withRequestTimeout(10_000)
                    .build())
            .build();
    clients.add(c);
    return c;
  }

  /** The API server's URL, for clients in other processes. */
  public String masterUrl() {
    return server.createClient().getConfiguration().getMasterUrl();
  }

  /** The underlying server, for expectations. */
  public KubernetesMockServer server() {
    return server;
  }

  /** Every request recorded since the start or the last {@link #clearCalls()}. */
  public List<ApiCall> calls() {
    return List.copyOf(calls);
  }

  /** The requests sent by clients with {@code userAgent}. */
  public List<ApiCall> callsBy(String userAgent) {
    return calls.stream().filter(c -> c.userAgent().startsWith(userAgent)).toList();
  }

  /** Hears of every request from now on, recorded or not (the benchmark counts writes). */
  public void onCall(Consumer<ApiCall> listener) {
    listeners.add(listener);
  }

  /**
   * The next {@code times} watch requests whose path contains {@code resourcePath} are upgraded to
   * a WebSocket that the server then closes with status 1010, a code only a client may send: to the
   * client a protocol error, as a garbled or cut stream through a proxy would be.
   */
  public void breakWatches(String resourcePath, int times) {
    brokenWatches.put(resourcePath, new AtomicInteger(times));
  }

  /** The watch requests sent so far whose path contains {@code resourcePath}. */
  public long watchesOf(String resourcePath) {
    return calls.stream()
        .filter(c -> c.path().contains(resourcePath) && c.path().contains("watch=true"))
        .count();
  }

  private MockResponse brokenWatch(RecordedRequest request) {
    String path = request.getPath();
    if (path == null || !path.contains("watch=true")) {
      return null;
    }
    for (var e : brokenWatches.entrySet()) {
      if (path.contains(e.getKey()) && e.getValue().getAndDecrement() > 0) {
        return new MockResponse()
            .withWebSocketUpgrade(
                new WebSocketListener() {
                  @Override
                  public void onOpen(WebSocket ws, Response response) {
                    ws.close(1010, "broken by the test");
                  }
                });
      }
    }
    return null;
  }

  /** Forgets the requests recorded so far. */
  public void clearCalls() {
    calls.clear();
  }

  /** Stops recording (the benchmark does not need it). */
  public void stopRecording() {
    recording = false;
    calls.clear();
  }

  /** Creates {@code resource} with the test client and returns what the server stored. */
  public <T extends HasMetadata> T create(T resource) {
    return client.resource(resource).create();
  }

  private void loadCrds() {
    try (Stream<Path> files = Files.list(ROOT.resolve("crds"))) {
      for (Path file : files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList()) {
        try (InputStream in = Files.newInputStream(file)) {
          CustomResourceDefinition crd =
              client.getKubernetesSerialization().unmarshal(in, CustomResourceDefinition.class);
          client.apiextensions().v1().customResourceDefinitions().resource(crd).create();
        }
      }
    } catch (IOException e) {
      throw new IllegalStateException("cannot read the CRDs under " + ROOT.resolve("crds"), e);
    }
  }

  /**
   * Closes the clients and the server, then checks that every request the operator sent is allowed
   * by its RBAC rules: every test doubles as an RBAC check.
   */
  @Override
  public void close() {
    try {
      clients.forEach(KubernetesClient::close);
    } finally {
      server.destroy();
    }
    RbacRules rbac = RbacRules.load();
    List<ApiCall> denied =
        callsBy(OPERATOR_AGENT).stream()
            .filter(c -> c.verb().isPresent())
            .filter(c -> rbac.all().stream().noneMatch(r -> r.allows(c)))
            .toList();
    if (!denied.isEmpty()) {
      throw new AssertionError(
          "the operator made calls that " + RbacRules.FILE + " does not allow: " + denied);
    }
  }
}
