package io.plantops.sandbox.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.fabric8.mockwebserver.dsl.HttpMethod;
import io.fabric8.mockwebserver.http.Buffer;
import io.fabric8.mockwebserver.http.Dispatcher;
import io.fabric8.mockwebserver.http.Headers;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.plantops.sandbox.rbac.Rbac;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The RBAC objects the API server stores, read from the store and kept until an RBAC object is
 * written: a binding made with {@code kubectl --context admin create rolebinding} takes effect on
 * the next request, as on a cluster.
 */
final class StoredRbac {

  static final String GROUP = "rbac.authorization.k8s.io";
  private static final List<String> KINDS =
      List.of("clusterroles", "clusterrolebindings", "roles", "rolebindings");

  private final Dispatcher store;
  private volatile Rbac current;

  /**
   * @param store where the objects are read: the store at the end of the chain
   */
  StoredRbac(Dispatcher store) {
    this.store = store;
  }

  /**
   * Stores the RBAC objects of the YAML resource {@code resource} directly, as the API server
   * writes its bootstrap policy at start: before the namespaces its RoleBindings name exist, and
   * without admission.
   */
  void bootstrap(String resource) throws IOException {
    try (InputStream in = StoredRbac.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("the sandbox has no " + resource);
      }
      YAMLMapper yaml = new YAMLMapper();
      try (var parser = yaml.getFactory().createParser(in)) {
        for (JsonNode o : yaml.readValues(parser, JsonNode.class).readAll()) {
          if (o == null || o.isEmpty()) {
            continue;
          }
          String ns = o.path("metadata").path("namespace").asText("");
          String path =
              "/apis/"
                  + GROUP
                  + "/v1"
                  + (ns.isEmpty() ? "" : "/namespaces/" + ns)
                  + "/"
                  + o.path("kind").asText().toLowerCase(Locale.ROOT)
                  + "s";
          RecordedRequest post =
              new RecordedRequest(
                  "HTTP/1.1",
                  HttpMethod.POST,
                  path,
                  new Headers.Builder().add("Content-Type", "application/json").build(),
                  new Buffer().writeUtf8(Messages.json(o)));
          MockResponse r = store.dispatch(post);
          if (r.code() >= 300) {
            throw new IllegalStateException(
                "cannot store " + path + " from " + resource + ": " + Messages.body(r));
          }
        }
      }
    }
    invalidate();
  }

  Rbac current() {
    Rbac rbac = current;
    if (rbac == null) {
      rbac = load();
      current = rbac;
    }
    return rbac;
  }

  /** Forgets what was read: an RBAC object was written. */
  void invalidate() {
    current = null;
  }

  private Rbac load() {
    List<JsonNode> objects = new ArrayList<>();
    for (String plural : KINDS) {
      RecordedRequest list =
          new RecordedRequest(
              "HTTP/1.1",
              HttpMethod.GET,
              "/apis/" + GROUP + "/v1/" + plural,
              new Headers.Builder().build(),
              new Buffer());
      MockResponse r = store.dispatch(list);
      if (r.code() == 404) {
        continue;
      }
      if (r.code() != 200) {
        throw new IllegalStateException(
            "the sandbox cannot read its " + plural + ": " + r.code() + " " + Messages.body(r));
      }
      try {
        String kind = kindOf(plural);
        for (JsonNode item : Messages.JSON.readTree(Messages.body(r)).path("items")) {
          // list items carry no kind of their own in the API server's answer
          objects.add(((com.fasterxml.jackson.databind.node.ObjectNode) item).put("kind", kind));
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return Rbac.of(objects);
  }

  private static String kindOf(String plural) {
    return switch (plural) {
      case "clusterroles" -> "ClusterRole";
      case "clusterrolebindings" -> "ClusterRoleBinding";
      case "roles" -> "Role";
      default -> "RoleBinding";
    };
  }
}
