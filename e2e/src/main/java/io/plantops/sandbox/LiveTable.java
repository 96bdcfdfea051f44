package io.plantops.sandbox;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.plantops.sandbox.api.Age;
import io.plantops.sandbox.runtime.LocalRuntime;
import io.plantops.sandbox.runtime.ProcessReport;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The text the sandbox prints: the operator, plants, site deployments, workloads and where to look.
 * A pure function of a {@link View}, so that what a down process or a stale row looks like is
 * tested without starting one.
 *
 * <p>What is not current says so: a dead operator is "DOWN" with its exit code and next restart,
 * and one not ready yet "starting", each with a warning that the status rows are what it wrote
 * last; a dead operator's metrics URL is shown down; a dead simulator or workload is "down"; a last
 * recommendation older than {@value #STALE_CYCLES} evaluation cycles (and at least {@link
 * #STALE_FLOOR}) is "stale" with its age.
 */
final class LiveTable {

  /** Evaluation cycles after which a last recommendation is marked stale. */
  static final int STALE_CYCLES = 5;

  /** Never stale sooner than this: a busy machine delays a fast cycle by a few seconds. */
  static final Duration STALE_FLOOR = Duration.ofSeconds(15);

  private static final int DEFAULT_CADENCE_SECONDS = 60;
  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneId.systemDefault());

  /**
   * A simulated plant's process.
   *
   * @param report whether it runs, how it ended
   * @param controlUrl its control surface
   * @param restarted whether the sandbox restarts it ({@code --restart-simulators})
   */
  record Simulator(ProcessReport report, String controlUrl, boolean restarted) {}

  /**
   * Everything the table shows, read at one instant.
   *
   * @param now when it was read
   * @param fastClocks whether templates get {@link FastClocks} on every write
   * @param statusPollInterval how often the operator polls the workloads
   * @param operator the operator's process
   * @param operatorReady whether its readiness probe passed (it reconciles)
   * @param operatorUrl its actuator base URL
   * @param operatorLog its log file
   * @param plants the Plant resources
   * @param siteDeployments the SiteDeployment resources
   * @param templates the UseCaseTemplate resources (their cadence)
   * @param pods the local runtime's pods
   * @param simulators the simulated plants by Plant name
   * @param kubeconfig the sandbox's kubeconfig
   */
  record View(
      Instant now,
      boolean fastClocks,
      Duration statusPollInterval,
      ProcessReport operator,
      boolean operatorReady,
      String operatorUrl,
      Path operatorLog,
      List<GenericKubernetesResource> plants,
      List<GenericKubernetesResource> siteDeployments,
      List<GenericKubernetesResource> templates,
      List<LocalRuntime.PodView> pods,
      Map<String, Simulator> simulators,
      Path kubeconfig) {}

  private LiveTable() {}

  static String render(View v) {
    StringBuilder out = new StringBuilder();
    out.append("plantops sandbox  ").append(TIME.format(v.now()));
    if (v.fastClocks()) {
      out.append("  (--fast: every template written gets clocks of seconds)");
    }
    out.append('\n').append('\n');
    out.append(operatorLine(v)).append('\n').append('\n');
    plants(out, v);
    out.append('\n');
    siteDeployments(out, v);
    out.append('\n');
    workloads(out, v);
    out.append('\n').append("metrics endpoints:\n");
    out.append("  operator  ")
        .append(
            v.operator().running()
                ? v.operatorUrl() + "/actuator/prometheus"
                : "down (" + v.operatorUrl() + " answers nothing)")
        .append('\n');
    for (LocalRuntime.PodView pod : v.pods()) {
      out.append("  ")
          .append(pod.namespace())
          .append('/')
          .append(pod.deployment())
          .append("  ")
          .append(pod.pid() > 0 ? "http://127.0.0.1:" + pod.port() + "/metrics" : "down")
          .append('\n');
    }
    out.append('\n').append("operator consoles (docs/connector.md#the-operator-console):\n");
    for (LocalRuntime.PodView pod : v.pods()) {
      if (pod.deployment().endsWith("-connector")) {
        out.append("  ")
            .append(pod.namespace())
            .append("  ")
            .append(pod.pid() > 0 ? "http://127.0.0.1:" + pod.port() + "/console" : "down")
            .append('\n');
      }
    }
    out.append('\n')
        .append(
            "simulated plants (control: GET /state, POST /faults/bias, ... see docs/simulator.md):\n");
    v.simulators()
        .forEach(
            (k, s) ->
                out.append("  ")
                    .append(k)
                    .append("  ")
                    .append(s.controlUrl())
                    .append(s.report().running() ? "" : "  (down)")
                    .append('\n'));
    out.append('\n')
        .append("kubectl: export KUBECONFIG=")
        .append(v.kubeconfig())
        .append("   (kubectl get plantops -A)\n")
        .append("Ctrl-C stops the sandbox and everything it started.\n");
    return out.toString();
  }

  /** The operator's state; while it is down, that the status rows below are not current. */
  static String operatorLine(View v) {
    ProcessReport op = v.operator();
    StringBuilder b = new StringBuilder("operator  ");
    if (op.running()) {
      b.append(v.operatorReady() ? "running" : "starting").append(", pid ");
      b.append(op.pid().orElse(-1));
      if (op.restarts() > 0) {
        b.append(", restarted ").append(op.restarts()).append("×");
        op.lastExit().ifPresent(e -> b.append(" (last: ").append(exit(e, v.now())).append(')'));
      }
      if (!v.operatorReady()) {
        b.append(". Not ready yet: the status below is what it wrote last");
      }
    } else {
      b.append("DOWN");
      op.lastExit().ifPresent(e -> b.append(": ").append(exit(e, v.now())));
      b.append(", ")
          .append(
              op.nextStart()
                  .map(t -> "restart #" + (op.restarts()) + " in " + age(v.now(), t))
                  .orElse("restarting"))
          .append(". The status below is what it wrote last: nothing updates it meanwhile");
    }
    b.append("   log ").append(v.operatorLog());
    return b.toString();
  }

  private static void plants(StringBuilder out, View v) {
    List<List<String>> rows = new ArrayList<>();
    rows.add(
        List.of(
            "PLANT",
            "NAMESPACE",
            "SIMULATOR",
            "PHASE",
            "SIGNALS",
            "CONNECTED",
            "FIRST VALID INFERENCE"));
    for (GenericKubernetesResource p : v.plants()) {
      rows.add(
          List.of(
              p.getMetadata().getName(),
              p.getMetadata().getNamespace(),
              simulator(v.simulators().get(p.getMetadata().getName()), v.now()),
              str(p, "status", "phase"),
              str(p, "status", "mappedSignals"),
              condition(p, "Connected"),
              str(p, "status", "onboarding", "firstValidInferenceAt")));
    }
    table(out, rows);
  }

  static String simulator(Simulator s, Instant now) {
    if (s == null) {
      return "-";
    }
    ProcessReport r = s.report();
    if (r.running()) {
      return r.restarts() == 0 ? "up" : "up, restarted " + r.restarts() + "×";
    }
    StringBuilder b = new StringBuilder("down");
    r.lastExit()
        .ifPresent(
            e ->
                b.append(' ')
                    .append(age(e.at(), now))
                    .append(" (exit ")
                    .append(e.code())
                    .append(')'));
    r.nextStart().ifPresent(t -> b.append(", restart in ").append(age(now, t)));
    if (!s.restarted()) {
      b.append(", not restarted");
    }
    return b.toString();
  }

  private static void siteDeployments(StringBuilder out, View v) {
    Map<String, Integer> cadence = new HashMap<>();
    for (GenericKubernetesResource t : v.templates()) {
      Object seconds = at(t, "spec", "cadenceSeconds");
      cadence.put(
          t.getMetadata().getName(),
          seconds instanceof Number n ? n.intValue() : DEFAULT_CADENCE_SECONDS);
    }
    List<List<String>> rows = new ArrayList<>();
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
    for (GenericKubernetesResource sd : v.siteDeployments()) {
      Duration cycle =
          max(
              Duration.ofSeconds(
                  cadence.getOrDefault(
                      str(sd, "spec", "templateRef", "name"), DEFAULT_CADENCE_SECONDS)),
              v.statusPollInterval());
      rows.add(
          List.of(
              sd.getMetadata().getNamespace() + "/" + sd.getMetadata().getName(),
              str(sd, "spec", "stage"),
              str(sd, "status", "phase"),
              str(sd, "status", "activeModel", "version"),
              str(sd, "status", "candidateModel", "version"),
              str(sd, "status", "drift", "status"),
              kpiChange(sd),
              recommendation(sd, v.now(), staleAfter(cycle))));
    }
    table(out, rows);
  }

  /** When a last recommendation counts as stale, given the evaluation cycle. */
  static Duration staleAfter(Duration cycle) {
    return max(cycle.multipliedBy(STALE_CYCLES), STALE_FLOOR);
  }

  private static void workloads(StringBuilder out, View v) {
    List<List<String>> rows = new ArrayList<>();
    rows.add(List.of("WORKLOAD", "PID", "STATE", "READY", "RESTARTS", "LOG"));
    for (LocalRuntime.PodView pod : v.pods()) {
      String restarts = Integer.toString(pod.restarts());
      if (pod.restarts() > 0 && pod.lastExit().isPresent()) {
        restarts += " (last: " + exit(pod.lastExit().get(), v.now()) + ")";
      }
      rows.add(
          List.of(
              pod.namespace() + "/" + pod.deployment(),
              pod.pid() > 0 ? Long.toString(pod.pid()) : "-",
              pod.state().name(),
              Boolean.toString(pod.ready()),
              restarts,
              pod.log().toString()));
    }
    table(out, rows);
  }

  /** "exit 137, 12s ago". */
  private static String exit(ProcessReport.Exit e, Instant now) {
    return "exit " + e.code() + ", " + age(e.at(), now) + " ago";
  }

  private static String age(Instant from, Instant to) {
    return Age.format(Duration.between(from, to));
  }

  private static Duration max(Duration a, Duration b) {
    return a.compareTo(b) >= 0 ? a : b;
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

  /** Outputs, top contributor and the recommendation's age, "stale" past {@code staleAfter}. */
  @SuppressWarnings("unchecked")
  static String recommendation(GenericKubernetesResource sd, Instant now, Duration staleAfter) {
    Object last = at(sd, "status", "lastRecommendation");
    if (!(last instanceof Map<?, ?> m)) {
      return "-";
    }
    Map<String, Object> r = (Map<String, Object>) last;
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
    Optional<Instant> at = instant(r.get("at"));
    if (at.isPresent()) {
      Duration age = Duration.between(at.get(), now);
      b.append(
          age.compareTo(staleAfter) > 0 ? "stale " + Age.format(age) : Age.format(age) + " ago");
    } else if (r.get("at") != null) {
      b.append('@').append(r.get("at"));
    }
    return b.toString().trim();
  }

  private static Optional<Instant> instant(Object value) {
    if (value == null) {
      return Optional.empty();
    }
    try {
      return Optional.of(Instant.parse(value.toString()));
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
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
