package io.plantops.connector;

import io.plantops.connector.delivery.InferenceClient;
import io.plantops.connector.mapping.SignalTable;
import io.plantops.connector.opcua.HistoryReader;
import io.plantops.contract.Autonomy;
import io.plantops.contract.HistoryReadStatus;
import io.plantops.contract.HistorySeries;
import io.plantops.contract.KpiBaseline;
import io.plantops.contract.SessionState;
import io.plantops.contract.UseCaseConfig;
import io.plantops.contract.UseCaseConfig.Feature;
import io.plantops.contract.UseCaseConfig.KpiDefinition;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.eclipse.milo.opcua.stack.core.types.builtin.NodeId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the history a Shadow use case's KPI baselines need and hands it to the inference server
 * ({@code POST /v1/history}), so that the baselines are known before the first advisory
 * recommendation. A KPI needs one while it has neither a calibrated baseline nor one the operator
 * hands back ({@link KpiDefinition#kept()}); in any phase when the plant asked for a new one
 * ({@link KpiDefinition#renewAfterMs()}), once per request.
 *
 * <p>The signals read are the use case's inputs and observed signals that a pending KPI's
 * expression names, with their valid ranges, over the longest pending {@code baselineWindowHours}
 * up to now. The read runs on the {@link HistoryReader}'s own thread: the live path never waits for
 * it. Whatever the read gives is posted, so that the inference server can say why a KPI is measured
 * live: a history that was read, or that the server does not keep ({@link
 * HistoryReadStatus#NoHistory}), ends the attempt; a read that failed or timed out is tried again
 * after {@code retryMs}, as is a post the inference server did not take.
 */
final class BaselineHistory implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(BaselineHistory.class);

  /** What was last done for one use case. */
  private record Attempt(Set<String> kpis, boolean running, boolean done, long retryAtMs) {}

  private final HistoryReader reader;
  private final Clock clock;
  private final long retryMs;
  private final Map<String, Attempt> attempts = new ConcurrentHashMap<>();

  BaselineHistory(HistoryReader reader, Clock clock, long retryMs) {
    this.reader = reader;
    this.clock = clock;
    this.retryMs = retryMs;
  }

  /** Starts the reads {@code runtime}'s config needs now; returns at once. */
  void tick(PlantRuntime runtime, Function<String, InferenceClient> clients) {
    if (runtime.session().connection().state() != SessionState.Connected) {
      return;
    }
    long now = clock.millis();
    for (UseCaseConfig u : runtime.config().useCases()) {
      List<KpiDefinition> pending = pending(u);
      if (pending.isEmpty()) {
        attempts.remove(u.name());
        continue;
      }
      Set<String> kpis =
          pending.stream()
              .map(k -> k.name() + (k.renewAfterMs() == null ? "" : "@" + k.renewAfterMs()))
              .collect(Collectors.toCollection(TreeSet::new));
      Attempt last = attempts.get(u.name());
      if (last != null
          && last.kpis().equals(kpis)
          && (last.running() || last.done() || now < last.retryAtMs())) {
        continue;
      }
      List<HistoryReader.Signal> signals = signals(runtime, u, pending);
      int hours = pending.stream().mapToInt(KpiDefinition::baselineWindowHours).max().orElse(0);
      if (signals.isEmpty() || hours <= 0) {
        continue;
      }
      attempts.put(u.name(), new Attempt(kpis, true, false, 0));
      Instant to = Instant.ofEpochMilli(now);
      Instant from = to.minusSeconds(hours * 3600L);
      InferenceClient client = clients.apply(runtime.config().connector().inferenceUrl());
      String plant = runtime.config().plant().name();
      reader
          .read(plant, signals, from, to)
          .thenAccept(series -> settle(u.name(), kpis, series, client));
    }
  }

  private void settle(
      String useCase, Set<String> kpis, HistorySeries series, InferenceClient client) {
    boolean ends =
        series.status() == HistoryReadStatus.Read || series.status() == HistoryReadStatus.NoHistory;
    try {
      List<KpiBaseline> answer = client.postHistory(series);
      LOG.info(
          "history of {} for {} ({}{}) handed to the inference server: {}",
          series.plant(),
          useCase,
          series.status(),
          series.reason() == null ? "" : ": " + series.reason(),
          answer.stream()
              .filter(b -> b.useCase().equals(useCase))
              .map(
                  b ->
                      b.kpi()
                          + (b.reason() == null
                              ? " = " + b.value()
                              : " not set (" + b.reason() + ")"))
              .collect(Collectors.joining(", ")));
    } catch (IOException | RuntimeException e) {
      LOG.warn(
          "history of {} for {} not handed to the inference server, trying again in {} s: {}",
          series.plant(),
          useCase,
          retryMs / 1000,
          e.getMessage());
      ends = false;
    }
    attempts.put(useCase, new Attempt(kpis, false, ends, clock.millis() + retryMs));
  }

  /**
   * KPIs with no baseline, neither calibrated nor kept, of a Shadow use case, or of any phase when
   * the plant asked for a new baseline.
   */
  static List<KpiDefinition> pending(UseCaseConfig u) {
    return u.kpis().stream()
        .filter(k -> u.phase() == Autonomy.Shadow || k.renewAfterMs() != null)
        .filter(k -> k.baseline() == null && k.kept() == null)
        .toList();
  }

  /**
   * The use case's signals that a pending KPI names, mapped at the plant and resolved on the
   * session, with their valid ranges and the live path's conversion.
   */
  private static List<HistoryReader.Signal> signals(
      PlantRuntime runtime, UseCaseConfig u, List<KpiDefinition> pending) {
    SignalTable table = runtime.session().store().table();
    List<HistoryReader.Signal> out = new ArrayList<>();
    Set<String> seen = new TreeSet<>();
    for (Feature f : Stream.concat(u.inputs().stream(), u.observed().stream()).toList()) {
      if (!seen.add(f.signal()) || pending.stream().noneMatch(k -> names(k, f.signal()))) {
        continue;
      }
      Optional<SignalTable.Entry> entry = table.byName(f.signal());
      Optional<NodeId> node = entry.flatMap(e -> runtime.session().connection().node(e.index()));
      if (node.isPresent()) {
        out.add(
            new HistoryReader.Signal(
                f.signal(),
                node.get(),
                runtime.session().store().toCanonical(entry.get().index()),
                f.validMin(),
                f.validMax()));
      }
    }
    return out;
  }

  /** Whether the KPI's expression names {@code signal} (a whole name, not a prefix of one). */
  static boolean names(KpiDefinition kpi, String signal) {
    return Pattern.compile("(?<![A-Za-z0-9_.])" + Pattern.quote(signal) + "(?![A-Za-z0-9_.])")
        .matcher(kpi.expression())
        .find();
  }

  @Override
  public void close() {
    reader.close();
  }
}
