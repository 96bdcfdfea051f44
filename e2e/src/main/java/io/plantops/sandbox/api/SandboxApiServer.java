package io.plantops.sandbox.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.plantops.expressions.manifest.ManifestValidator;
import io.plantops.mockapi.IndexedCrudDispatcher;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.stream.Stream;

/**
 * An embedded Kubernetes API server for the sandbox and the end-to-end tests: Fabric8's mock server
 * in CRUD mode behind {@link SandboxDispatcher}, with the plantops CRDs installed, reachable by
 * kubectl through the kubeconfig {@link #writeKubeconfig(Path)} writes.
 *
 * <p>A request meets, in order: {@link JsonOnlyLink} (JSON bodies only; server-side apply refused
 * with what to use instead), {@link WatchLink} (watches over WebSocket only, a plain HTTP watch
 * refused with why), {@link DiscoveryLink} (version, discovery, OpenAPI), {@link TableLink}
 * (server-side tables for kubectl), {@link FieldSelectorLink} (field selectors such as the {@code
 * involvedObject.*} of events that {@code kubectl describe} sends), {@link AdmissionLink}
 * (namespace existence, schema defaults, the sandbox's {@link Mutation}s and validation of custom
 * resources), {@link WriteTranslationLink} (merge patches, Secret stringData) and then the indexed
 * CRUD store.
 *
 * <p>What works and what does not with kubectl is listed in the README's sandbox section.
 */
public final class SandboxApiServer implements AutoCloseable {

  /**
   * Fabric8's mock web server logs every request at INFO through java.util.logging; the sandbox
   * keeps its own audit of requests, so only warnings from it are shown. Held in a field because
   * java.util.logging keeps loggers weakly.
   */
  private static final java.util.logging.Logger MOCK_WEB_SERVER_LOG = quietMockWebServer();

  private static java.util.logging.Logger quietMockWebServer() {
    java.util.logging.Logger log = java.util.logging.Logger.getLogger("io.fabric8.mockwebserver");
    log.setLevel(java.util.logging.Level.WARNING);
    return log;
  }

  private final KubernetesMockServer server;
  private final SandboxDispatcher dispatcher;
  private final KubernetesClient adminClient;

  private SandboxApiServer(KubernetesMockServer server, SandboxDispatcher dispatcher) {
    this.server = server;
    this.dispatcher = dispatcher;
    this.adminClient = server.createClient();
  }

  /**
   * Starts a server on loopback and installs every CRD found in {@code crdDirectory}.
   *
   * @param port the port, or 0 for any free one
   */
  public static SandboxApiServer start(Path crdDirectory, int port) throws IOException {
    return start(crdDirectory, port, List.of());
  }

  /**
   * Starts a server that applies {@code mutations} to every write of their resources (see {@link
   * AdmissionLink}), e.g. {@code --fast} clocks to every UseCaseTemplate.
   */
  public static SandboxApiServer start(Path crdDirectory, int port, List<Mutation> mutations)
      throws IOException {
    return start(crdDirectory, port, mutations, Clock.systemUTC());
  }

  static SandboxApiServer start(Path crdDirectory, int port, Clock clock) throws IOException {
    return start(crdDirectory, port, List.of(), clock);
  }

  static SandboxApiServer start(Path crdDirectory, int port, List<Mutation> mutations, Clock clock)
      throws IOException {
    ManifestValidator validator = ManifestValidator.fromCrdDirectory(crdDirectory);
    ApiResources resources = new ApiResources();
    SandboxDispatcher dispatcher =
        new SandboxDispatcher(
            new IndexedCrudDispatcher(),
            List.of(
                new JsonOnlyLink(),
                new WatchLink(),
                new DiscoveryLink(resources),
                new TableLink(resources, clock),
                new FieldSelectorLink(resources),
                new AdmissionLink(resources, validator, mutations),
                new WriteTranslationLink()));
    KubernetesMockServer server =
        new KubernetesMockServer(
            new Context(Serialization.jsonMapper()),
            new MockWebServer(),
            new HashMap<>(),
            dispatcher,
            false);
    server.init(InetAddress.getLoopbackAddress(), port);
    SandboxApiServer sandbox = new SandboxApiServer(server, dispatcher);
    sandbox.installCrds(crdDirectory, resources);
    return sandbox;
  }

  private void installCrds(Path directory, ApiResources resources) throws IOException {
    YAMLMapper yaml = new YAMLMapper();
    List<Path> files;
    try (Stream<Path> s = Files.list(directory)) {
      files = s.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
    }
    for (Path file : files) {
      JsonNode tree = yaml.readTree(file.toFile());
      try (InputStream in = Files.newInputStream(file)) {
        CustomResourceDefinition crd = Serialization.unmarshal(in, CustomResourceDefinition.class);
        adminClient.resource(crd).create();
      }
      resources.registerCrd(tree);
    }
  }

  /** Base URL, e.g. {@code http://127.0.0.1:41234}. */
  public String url() {
    return "http://127.0.0.1:" + server.getPort();
  }

  /** The port the server listens on. */
  public int port() {
    return server.getPort();
  }

  /** A new client for this server (the caller closes it). */
  public KubernetesClient newClient() {
    return server.createClient();
  }

  /** Writes a kubeconfig for kubectl that points at this server. */
  public Path writeKubeconfig(Path file) throws IOException {
    String config =
        "apiVersion: v1\n"
            + "kind: Config\n"
            + "clusters:\n"
            + "- name: plantops-sandbox\n"
            + "  cluster:\n"
            + "    server: "
            + url()
            + "\n"
            + "contexts:\n"
            + "- name: plantops-sandbox\n"
            + "  context:\n"
            + "    cluster: plantops-sandbox\n"
            + "    user: sandbox-admin\n"
            + "current-context: plantops-sandbox\n"
            + "users:\n"
            + "- name: sandbox-admin\n"
            + "  user: {}\n";
    Files.createDirectories(file.toAbsolutePath().getParent());
    Files.writeString(file, config);
    return file;
  }

  /** Every request received so far: method, path and response code. */
  public List<String> requestLog() {
    return dispatcher.audit().stream()
        .map(r -> r.method() + " " + r.path() + " " + r.code())
        .toList();
  }

  @Override
  public void close() {
    adminClient.close();
    server.destroy();
  }
}
