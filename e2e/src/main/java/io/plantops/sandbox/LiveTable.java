package io.plantops.sandbox;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.plantops.sandbox.runtime.LocalRuntime;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The text the sandbox prints: plants, site deployments, workloads and where to look. */
final class LiveTable {

  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneId.systemDefault());

  private LiveTable() {}

  static String render(
      KubernetesClient client,
      LocalRuntime runtime,
      Map<String, String> metrics,
      Map<String, String> simulatorControls,
      Path kubeconfig) {
    StringBuilder out = new StringBuilder();
    out.append("plantops sandbox  ").append(TIME.format(Instant.now())).append('\n').append('\n');
    List<List<String>> rows = new ArrayList<>();
    rows.add(
        List.of("PLANT", "NAMESPACE", "PHASE", "SIGNALS", "CONNECTED", "FIRST VALID INFERENCE"));
    for (GenericKubernetesResource p : list(client, "Plant")) {
      rows.add(
          List.of(
              p.getMetadata().getName(),
              p.getMetadata().getNamespace(),
              str(p, "status", "phase"),
              str(p, "status", "mappedSignals"),
              condition(p, "Connected"),
              str(p, "status", "onboarding", "firstValidInferenceAt")));
    }
    table(out, rows);
    out.append('\n');
    rows = new ArrayList<>();
    rows.add(
        List.of(
            "SITE DEPLOYMENT",
            "DESIRED",
            "PHASE",
            "ACTIVE",
            "CANDIDATE",
            "DRIFT",
            "KPI CHANGE %",
            "LAST RECOMMENDATION"));
    for (GenericKubernetesResource sd : list(client, "SiteDeployment")) {
      rows.add(
          List.of(
              sd.getMetadata().getNamespace() + "/" + sd.getMetadata().getName(),
              str(sd, "spec", "stage"),
              str(sd, "status", "phase"),
              str(sd, "status", "activeModel", "version"),
              str(sd, "status", "candidateModel", "version"),
              str(sd, "status", "drift", "status"),
              kpiChange(sd),
              recommendation(sd)));
    }
    table(out, rows);
    out.append('\n');
    rows = new ArrayList<>();
    rows.add(List.of("WORKLOAD", "PID", "READY", "RESTARTS", "LOG"));
    for (LocalRuntime.PodView pod : runtime.pods()) {
      rows.add(
          List.of(
              pod.namespace() + "/" + pod.deployment(),
              Long.toString(pod.pid()),
              Boolean.toString(pod.ready()),
              Integer.toString(pod.restarts()),
              pod.log().toString()));
    }
    table(out, rows);
    out.append('\n').append("metrics endpoints:\n");
    metrics.forEach((k, v) -> out.append("  ").append(k).append("  ").append(v).append('\n'));
    out.append('\n')
        .append(
            "simulated plants (control: GET /state, POST /faults/bias, ... see docs/simulator.md):\n");
    simulatorControls.forEach(
        (k, v) -> out.append("  ").append(k).append("  ").append(v).append('\n'));
    out.append('\n')
        .append("kubectl: export KUBECONFIG=")
        .append(kubeconfig)
        .append("   (kubectl get plantops -A)\n")
        .append("Ctrl-C stops the sandbox and everything it started.\n");
    return out.toString();
  }

  private static List<GenericKubernetesResource> list(KubernetesClient client, String kind) {
    try {
      return client
          .genericKubernetesResources("plantops.io/v1alpha1", kind)
          .inAnyNamespace()
          .list()
          .getItems();
    } catch (RuntimeException e) {
      return List.of();
    }
  }

  @SuppressWarnings("unchecked")
  private static Object at(GenericKubernetesResource r, String... path) {
    Object node = r.getAdditionalProperties();
    for (String p : path) {
      if (!(node instanceof Map<?, ?> map)) {
        return null;
      }
      node = ((Map<String, Object>) map).get(p);
    }
    return node;
  }

  private static String str(GenericKubernetesResource r, String... path) {
    Object v = at(r, path);
    return v == null ? "-" : v.toString();
  }

  @SuppressWarnings("unchecked")
  private static String condition(GenericKubernetesResource r, String type) {
    Object conditions = at(r, "status", "conditions");
    if (conditions instanceof List<?> list) {
      for (Object c : list) {
        Map<String, Object> m = (Map<String, Object>) c;
        if (type.equals(m.get("type"))) {
          return String.valueOf(m.get("status"));
        }
      }
    }
    return "-";
  }

  @SuppressWarnings("unchecked")
  private static String kpiChange(GenericKubernetesResource sd) {
    Object kpis = at(sd, "status", "kpis");
    if (kpis instanceof List<?> list && !list.isEmpty()) {
      Map<String, Object> k = (Map<String, Object>) list.get(0);
      Object change = k.get("changePercent");
      return change == null
          ? "-"
          : String.format("%+.1f (%s)", ((Number) change).doubleValue(), k.get("name"));
    }
    return "-";
  }

  @SuppressWarnings("unchecked")
  private static String recommendation(GenericKubernetesResource sd) {
    Object last = at(sd, "status", "lastRecommendation");
    if (!(last instanceof Map<?, ?> m)) {
      return "-";
    }
    Map<String, Object> r = (Map<String, Object>) m;
    StringBuilder b = new StringBuilder();
    Object outputs = r.get("outputs");
    if (outputs instanceof Map<?, ?> o) {
      o.forEach(
          (k, v) ->
              b.append(k)
                  .append('=')
                  .append(v instanceof Number n ? String.format("%.2f", n.doubleValue()) : v)
                  .append(' '));
    }
    Object top = r.get("topContributors");
    if (top instanceof List<?> t && !t.isEmpty()) {
      b.append("(top: ").append(t.get(0)).append(") ");
    }
    Object at = r.get("at");
    if (at != null) {
      b.append("@").append(at);
    }
    return b.toString().trim();
  }

  private static void table(StringBuilder out, List<List<String>> rows) {
    int columns = rows.get(0).size();
    int[] width = new int[columns];
    for (List<String> row : rows) {
      for (int i = 0; i < columns; i++) {
        width[i] = Math.max(width[i], row.get(i).length());
      }
    }
    for (List<String> row : rows) {
      StringBuilder line = new StringBuilder();
      for (int i = 0; i < columns; i++) {
        line.append(row.get(i));
        if (i < columns - 1) {
          line.append(" ".repeat(width[i] - row.get(i).length() + 2));
        }
      }
      out.append(line.toString().stripTrailing()).append('\n');
    }
    if (rows.size() == 1) {
      out.append("(none yet)\n");
    }
  }
}
