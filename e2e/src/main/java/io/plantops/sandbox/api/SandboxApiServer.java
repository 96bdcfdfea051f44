package io.plantops.sandbox.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.plantops.api.v1alpha1.ApiGroup;
import io.plantops.expressions.manifest.ManifestValidator;
import io.plantops.mockapi.IndexedCrudDispatcher;
import io.plantops.operator.admission.AdmissionWebhook;
import io.plantops.operator.admission.Authorizer;
import io.plantops.sandbox.rbac.Attributes;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * An embedded Kubernetes API server for the sandbox and the end-to-end tests: Fabric8's mock server
 * in CRUD mode behind {@link SandboxDispatcher}, with the plantops CRDs installed, reachable by
 * kubectl through the kubeconfig {@link #writeKubeconfig(Path)} writes.
 *
 * <p>A request meets, in order: {@link AuthenticationLink} (a bearer token of one of the {@link
 * SandboxUser}s, else 401), {@link AuthorizationLink} (the chart's RBAC objects, stored at start,
 * else 403), {@link JsonOnlyLink} (JSON bodies only; server-side apply refused with what to use
 * instead), {@link WatchLink} (watches over WebSocket only, a plain HTTP watch refused with why),
 * {@link DiscoveryLink} (version, discovery, OpenAPI), {@link TableLink} (server-side tables for
 * kubectl), {@link FieldSelectorLink} (field selectors such as the {@code involvedObject.*} of
 * events that {@code kubectl describe} sends), {@link AdmissionLink} (namespace existence, schema
 * defaults, the sandbox's {@link Mutation}s and validation of custom resources, then the operator's
 * own admission webhook in-process: {@link WebhookAdmission}), {@link WriteTranslationLink} (merge
 * patches, Secret stringData) and then the indexed CRUD store.
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

  private static final String RBAC_RESOURCES = "/io/plantops/sandbox/rbac/";

  private final KubernetesMockServer server;
  private final SandboxDispatcher dispatcher;
  private final Authenticator authenticator;
  private final KubernetesClient adminClient;

  private SandboxApiServer(
      KubernetesMockServer server, SandboxDispatcher dispatcher, Authenticator authenticator) {
    this.server = server;
    this.dispatcher = dispatcher;
    this.authenticator = authenticator;
    this.adminClient = newClient(SandboxUser.ADMIN);
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
    Authenticator authenticator = new Authenticator(SandboxUser.withFreshTokens());
    IndexedCrudDispatcher store = new IndexedCrudDispatcher();
    StoredRbac rbac = new StoredRbac(store);
    for (String file : List.of("chart-rbac.yaml", "sandbox-rbac.yaml")) {
      rbac.bootstrap(RBAC_RESOURCES + file);
    }
    AdmissionWebhook webhook =
        new AdmissionWebhook(
            new StoreReader(store),
            (requester, namespace, role) ->
                rbac.current()
                    .allows(
                        requester,
                        Attributes.resource(
                            Authorizer.VERB,
                            ApiGroup.GROUP,
                            Authorizer.RESOURCE,
                            Authorizer.SUBRESOURCE,
                            namespace,
                            role)),
            corporateRoles(crdDirectory));
    SandboxDispatcher dispatcher =
        new SandboxDispatcher(
            store,
            List.of(
                new AuthenticationLink(authenticator),
                new AuthorizationLink(authenticator, rbac),
                new JsonOnlyLink(),
                new WatchLink(),
                new DiscoveryLink(resources),
                new TableLink(resources, clock),
                new FieldSelectorLink(resources),
                new AdmissionLink(
                    resources,
                    validator,
                    mutations,
                    Optional.of(new WebhookAdmission(webhook, authenticator))),
                new WriteTranslationLink()));
    KubernetesMockServer server =
        new KubernetesMockServer(
            new Context(Serialization.jsonMapper()),
            new MockWebServer(),
            new HashMap<>(),
            dispatcher,
            // HTTPS: kubectl sends a bearer token over TLS only
            true);
    server.init(InetAddress.getLoopbackAddress(), port);
    SandboxApiServer sandbox = new SandboxApiServer(server, dispatcher, authenticator);
    sandbox.installCrds(crdDirectory, resources);
    return sandbox;
  }

  /**
   * The approver roles only a cluster-wide binding grants, as the chart tells the operator
   * (rbac.approverRoles.corporate of helm/plantops/values.yaml, beside crds/).
   */
  private static Set<String> corporateRoles(Path crdDirectory) throws IOException {
    Path values =
        crdDirectory.toAbsolutePath().normalize().resolveSibling("helm/plantops/values.yaml");
    Set<String> roles = new TreeSet<>();
    new YAMLMapper()
        .readTree(values.toFile())
        .path("rbac")
        .path("approverRoles")
        .path("corporate")
        .forEach(r -> roles.add(r.asText()));
    if (roles.isEmpty()) {
      throw new IllegalStateException(values + " names no rbac.approverRoles.corporate");
    }
    return roles;
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

  /** Base URL, e.g. {@code https://127.0.0.1:41234}. */
  public String url() {
    return "https://127.0.0.1:" + server.getPort();
  }

  /** The port the server listens on. */
  public int port() {
    return server.getPort();
  }

  /** A new client for this server as the administrator (the caller closes it). */
  public KubernetesClient newClient() {
    return newClient(SandboxUser.ADMIN);
  }

  /** A new client for this server as the user {@code name} (the caller closes it). */
  public KubernetesClient newClient(String name) {
    String token = user(name).token();
    return server.createClient(b -> b.editOrNewConfig().withOauthToken(token).endConfig());
  }

  /** The user {@code name} of this server, with its token. */
  public SandboxUser user(String name) {
    return authenticator.user(name);
  }

  /** Every user of this server. */
  public List<SandboxUser> users() {
    return authenticator.users();
  }

  /**
   * Writes a kubeconfig for kubectl that points at this server: one context per user and role
   * ({@code plantops-sandbox}, the current one, and {@code admin} for the administrator), each user
   * with its bearer token. Readable by its owner only, since it holds the tokens.
   */
  public Path writeKubeconfig(Path file) throws IOException {
    StringBuilder config =
        new StringBuilder("apiVersion: v1\nkind: Config\nclusters:\n")
            .append("- name: plantops-sandbox\n  cluster:\n")
            // the mock server's own self-signed certificate, not one made for this server
            .append("    insecure-skip-tls-verify: true\n    server: ")
            .append(url())
            .append("\ncontexts:\n");
    for (SandboxUser u : users()) {
      for (String context : u.contexts()) {
        config
            .append("- name: ")
            .append(context)
            .append("\n  context:\n    cluster: plantops-sandbox\n    user: ")
            .append(u.name())
            .append('\n');
      }
    }
    config.append("current-context: plantops-sandbox\nusers:\n");
    for (SandboxUser u : users()) {
      config
          .append("- name: ")
          .append(u.name())
          .append("\n  user:\n    token: ")
          .append(u.token())
          .append('\n');
    }
    Path absolute = file.toAbsolutePath();
    Files.createDirectories(absolute.getParent());
    Files.deleteIfExists(absolute);
    Files.createFile(
        absolute,
        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    Files.writeString(absolute, config);
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
