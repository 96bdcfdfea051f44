package io.plantops.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The chart's NetworkPolicies, evaluated as a CNI evaluates them (Kubernetes NetworkPolicy
 * semantics: a pod selected by a policy of a direction allows only what one of those policies'
 * rules allows in that direction; peers are pod and namespace selectors or address blocks; ports by
 * number or by the destination container's port name), against the pods of a plant namespace, the
 * operator and Prometheus. The operator renders no NetworkPolicy: the chart ships one pair per
 * plant namespace listed in networkPolicy.plantNamespaces.
 */
class ChartNetworkPolicyTest {

  static final String LYON = "plant-lyon";
  static List<JsonNode> policies;

  /** A pod: its namespace, labels, address and its container ports by name. */
  record Pod(String namespace, Map<String, String> labels, String ip, Map<String, Integer> ports) {}

  static final Pod INFERENCE =
      new Pod(
          LYON,
          Map.of(
              "app.kubernetes.io/component", "inference-server",
              "app.kubernetes.io/part-of", "plantops",
              "app.kubernetes.io/name", "plantops-inference-server"),
          "10.0.1.10",
          Map.of("http", 8080));
  static final Pod CONNECTOR =
      new Pod(
          LYON,
          Map.of(
              "app.kubernetes.io/component", "connector",
              "app.kubernetes.io/part-of", "plantops",
              "app.kubernetes.io/name", "plantops-opcua-connector"),
          "10.0.1.11",
          Map.of("http", 8081));
  static final Pod OPERATOR =
      new Pod(
          HelmChartTest.NAMESPACE,
          Map.of(
              "app.kubernetes.io/name", "plantops",
              "app.kubernetes.io/instance", HelmChartTest.RELEASE,
              "app.kubernetes.io/component", "operator"),
          "10.0.2.5",
          Map.of("http", 8080));
  static final Pod PROMETHEUS =
      new Pod("monitoring", Map.of("app.kubernetes.io/name", "prometheus"), "10.0.3.7", Map.of());
  static final Pod STRANGER_SAME_NS =
      new Pod(LYON, Map.of("app", "debug-shell"), "10.0.1.99", Map.of());
  static final Pod STRANGER_OTHER_NS =
      new Pod(
          "plant-joliet",
          Map.of(
              "app.kubernetes.io/component", "connector", "app.kubernetes.io/part-of", "plantops"),
          "10.0.4.11",
          Map.of("http", 8081));
  static final Pod OPCUA_SERVER = new Pod("", Map.of(), "10.20.0.15", Map.of());
  static final Pod ELSEWHERE = new Pod("", Map.of(), "93.184.216.34", Map.of());
  static final Pod DNS =
      new Pod("kube-system", Map.of("k8s-app", "kube-dns"), "10.96.0.10", Map.of("dns", 53));

  @BeforeAll
  static void render() throws Exception {
    HelmChartTest.Rendered r =
        HelmChartTest.render(
            t ->
                t.set("networkPolicy.enabled", true)
                    .set("networkPolicy.plantNamespaces.plant-lyon.opcua[0].cidr", "10.20.0.15/32")
                    .set("networkPolicy.plantNamespaces.plant-lyon.opcua[0].port", 4840));
    policies =
        r.objects().values().stream()
            .filter(o -> "NetworkPolicy".equals(o.path("kind").asText()))
            .toList();
  }

  @Test
  void noNetworkPolicyUnlessAsked() throws Exception {
    assertThat(HelmChartTest.defaults().kinds()).doesNotContain("NetworkPolicy");
    assertThat(policies)
        .extracting(
            p -> p.at("/metadata/namespace").asText() + "/" + p.at("/metadata/name").asText())
        .containsExactlyInAnyOrder(
            LYON + "/plantops-inference-server", LYON + "/plantops-connector");
  }

  @Test
  void onlyThePlantsConnectorTheOperatorAndPrometheusReachTheInferenceServer() {
    assertThat(allowed(CONNECTOR, INFERENCE, 8080)).isTrue();
    assertThat(allowed(OPERATOR, INFERENCE, 8080)).isTrue();
    assertThat(allowed(PROMETHEUS, INFERENCE, 8080)).isTrue();
    assertThat(allowed(STRANGER_SAME_NS, INFERENCE, 8080)).isFalse();
    assertThat(allowed(STRANGER_OTHER_NS, INFERENCE, 8080))
        .as("another plant's connector")
        .isFalse();
    assertThat(allowed(CONNECTOR, INFERENCE, 9090)).as("another port").isFalse();
  }

  @Test
  void theConnectorReachesDnsTheInferenceServerAndItsOpcUaEndpointOnly() {
    assertThat(allowed(CONNECTOR, OPCUA_SERVER, 4840)).isTrue();
    assertThat(allowed(CONNECTOR, DNS, 53)).isTrue();
    assertThat(allowed(CONNECTOR, INFERENCE, 8080)).isTrue();
    assertThat(allowed(CONNECTOR, ELSEWHERE, 443)).isFalse();
    assertThat(allowed(CONNECTOR, ELSEWHERE, 4840))
        .as("an address that is not the endpoint")
        .isFalse();
    assertThat(allowed(CONNECTOR, OPCUA_SERVER, 22)).isFalse();
    assertThat(allowed(CONNECTOR, PROMETHEUS, 9090)).isFalse();
  }

  @Test
  void theOperatorAndPrometheusReachTheConnectorNobodyElse() {
    assertThat(allowed(OPERATOR, CONNECTOR, 8081)).isTrue();
    assertThat(allowed(PROMETHEUS, CONNECTOR, 8081)).isTrue();
    assertThat(allowed(STRANGER_SAME_NS, CONNECTOR, 8081)).isFalse();
    assertThat(allowed(INFERENCE, CONNECTOR, 8081)).isFalse();
  }

  @Test
  void withoutAnAddressTheConnectorMayReachAnyAddressOnTheOpcUaPort(@TempDir Path dir)
      throws Exception {
    Path values = dir.resolve("values.yaml");
    Files.writeString(
        values, "networkPolicy: {enabled: true, plantNamespaces: {plant-lyon: {}}}\n");
    List<JsonNode> open =
        HelmChartTest.render(t -> t.withValuesFile(values)).objects().values().stream()
            .filter(o -> "NetworkPolicy".equals(o.path("kind").asText()))
            .toList();
    List<JsonNode> saved = policies;
    policies = open;
    try {
      assertThat(allowed(CONNECTOR, ELSEWHERE, 4840)).isTrue();
      assertThat(allowed(CONNECTOR, ELSEWHERE, 443)).isFalse();
    } finally {
      policies = saved;
    }
  }

  /** Whether a TCP or UDP connection from {@code from} to {@code to}:{@code port} is allowed. */
  static boolean allowed(Pod from, Pod to, int port) {
    return direction(to, "Ingress", "ingress", "from", from, to, port)
        && direction(from, "Egress", "egress", "to", to, to, port);
  }

  /**
   * One direction: allowed when no policy of that type selects {@code subject}, or one rule of a
   * policy that does matches the peer and the port.
   */
  static boolean direction(
      Pod subject,
      String type,
      String rulesKey,
      String peersKey,
      Pod peer,
      Pod destination,
      int port) {
    List<JsonNode> selecting = new ArrayList<>();
    for (JsonNode p : policies) {
      if (!p.at("/metadata/namespace").asText().equals(subject.namespace())
          || !selects(p.at("/spec/podSelector"), subject.labels())) {
        continue;
      }
      List<String> types = new ArrayList<>();
      p.at("/spec/policyTypes").forEach(t -> types.add(t.asText()));
      if (types.contains(type)) {
        selecting.add(p);
      }
    }
    if (selecting.isEmpty()) {
      return true;
    }
    for (JsonNode p : selecting) {
      for (JsonNode rule : p.at("/spec/" + rulesKey)) {
        boolean peerOk =
            !rule.has(peersKey)
                || anyPeer(rule.get(peersKey), peer, p.at("/metadata/namespace").asText());
        boolean portOk = !rule.has("ports") || anyPort(rule.get("ports"), destination, port);
        if (peerOk && portOk) {
          return true;
        }
      }
    }
    return false;
  }

  static boolean anyPeer(JsonNode peers, Pod peer, String policyNamespace) {
    for (JsonNode p : peers) {
      if (p.has("ipBlock")) {
        if (inCidr(peer.ip(), p.at("/ipBlock/cidr").asText())) {
          return true;
        }
        continue;
      }
      if (peer.namespace().isEmpty()) {
        continue; // outside the cluster: only address blocks match
      }
      boolean nsOk =
          p.has("namespaceSelector")
              ? selects(
                  p.get("namespaceSelector"),
                  Map.of("kubernetes.io/metadata.name", peer.namespace()))
              : peer.namespace().equals(policyNamespace);
      boolean podOk = !p.has("podSelector") || selects(p.get("podSelector"), peer.labels());
      if (nsOk && podOk) {
        return true;
      }
    }
    return false;
  }

  static boolean anyPort(JsonNode ports, Pod destination, int port) {
    for (JsonNode p : ports) {
      JsonNode v = p.get("port");
      Optional<Integer> number =
          v == null
              ? Optional.of(port)
              : v.isInt()
                  ? Optional.of(v.asInt())
                  : Optional.ofNullable(destination.ports().get(v.asText()));
      if (number.isPresent() && number.get() == port) {
        return true;
      }
    }
    return false;
  }

  /** A label selector with matchLabels only (all the chart uses); empty selects everything. */
  static boolean selects(JsonNode selector, Map<String, String> labels) {
    assertThat(selector.has("matchExpressions")).as("selector %s", selector).isFalse();
    JsonNode match = selector.path("matchLabels");
    var it = match.fields();
    while (it.hasNext()) {
      var e = it.next();
      if (!e.getValue().asText().equals(labels.get(e.getKey()))) {
        return false;
      }
    }
    return true;
  }

  static boolean inCidr(String ip, String cidr) {
    String[] parts = cidr.split("/");
    int bits = Integer.parseInt(parts[1]);
    long mask = bits == 0 ? 0 : (0xFFFFFFFFL << (32 - bits)) & 0xFFFFFFFFL;
    return (ipv4(ip) & mask) == (ipv4(parts[0]) & mask);
  }

  static long ipv4(String ip) {
    long v = 0;
    for (String octet : ip.split("\\.")) {
      v = (v << 8) | Integer.parseInt(octet);
    }
    return v;
  }
}
