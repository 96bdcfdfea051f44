package io.plantops.connector.metrics;

import io.plantops.connector.mapping.MappingError;
import io.plantops.contract.ConnectorStatus.RefusedSignal;
import io.plantops.contract.SessionState;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.util.List;

/**
 * The connector's Prometheus metrics, all named {@code plantops_connector_*}. Live figures
 * (session, items, buffer, staleness) are read through {@link Live} at scrape time; events (writes,
 * gaps, advice) are counted as they happen.
 */
public final class ConnectorMetrics {

  /** What the metrics read at scrape time. */
  public interface Live {
    SessionState sessionState();

    int monitoredItems();

    int subscriptions();

    long notifications();

    double notificationsPerSecond();

    long mappingErrors(MappingError kind);

    long samplesDropped();

    List<String> signals();

    List<String> staleSignals();

    /**
     * Signals valid but unchanged for longer than their sampling interval (report by exception).
     */
    int heldSignals();

    /** The longest revised keep-alive period of the session's subscriptions, 0 before any. */
    long keepAlivePeriodMs();

    /** Signals refused on the current session, each as {signal, reason}. */
    List<RefusedSignal> refusedSignals();

    long bufferBatches();

    long bufferBytes();

    /** The buffer's bound (the config's bufferMaxBytes), 0 before a config is loaded. */
    long bufferMaxBytes();

    long bufferedTotal();

    long replayedTotal();

    long droppedTotal();

    long batchesSent();

    long batchesRefused();

    long samplesRejected();

    boolean gapOpen();

    long gapsLost();

    long gapsRecovered();

    double gapSecondsLost();

    double gapSecondsRecovered();

    boolean watchdogHealthy();

    boolean configLoaded();
  }

  private final PrometheusRegistry registry = new PrometheusRegistry();
  private final Counter writes;
  private final Counter withheld;
  private final Counter advice;
  private final Counter guidance;
  private final Gauge adviceValue;
  private final Counter adoptionEpisodes;
  private final Gauge adoptionRatio;
  private final Counter recommendations;
  private final Counter configErrors;
  private final Counter httpRefusals;

  public ConnectorMetrics(Live live) {
    GaugeWithCallback.builder()
        .name("plantops_connector_session_state")
        .help("1 for the OPC UA session's current state, 0 for the others")
        .labelNames("state")
        .callback(
            cb -> {
              SessionState now = live.sessionState();
              for (SessionState s : SessionState.values()) {
                cb.call(s == now ? 1 : 0, s.name());
              }
            })
        .register(registry);
    GaugeWithCallback.builder()
        .name("plantops_connector_security_refused")
        .help("1 when the connector refuses to connect (insecure with writes, unusable security)")
        .callback(cb -> cb.call(live.sessionState() == SessionState.Refused ? 1 : 0))
        .register(registry);
    GaugeWithCallback.builder()
        .name("plantops_connector_monitored_items")
        .help("Monitored items created on the plant's server")
        .callback(cb -> cb.call(live.monitoredItems()))
        .register(registry);
    GaugeWithCallback.builder()
        .name("plantops_connector_subscriptions")
        .help("Subscriptions created on the plant's server")
        .callback(cb -> cb.call(live.subscriptions()))
        .register(registry);
    CounterWithCallback.builder()
        .name("plantops_connector_notifications")
        .help("Data change notifications mapped (rate() gives notifications per second)")
        .callback(cb -> cb.call(live.notifications()))
        .register(registry);
    GaugeWithCallback.builder()
        .name("plantops_connector_notifications_per_second")
        .help("Notifications mapped per second, over the last second")
        .callback(cb -> cb.call(live.notificationsPerSecond()))
        .register(registry);
    CounterWithCallback.builder()
        .name("plantops_connector_mapping_errors")
        .help("Notifications that could not become a good sample, by reason")
        .labelNames("reason")
        .callback(
            cb -> {
              for (MappingError e : MappingError.values()) {
                cb.call(live.mappingErrors(e), e.label());
              }
            })
        .register(registry);
    CounterWithCallback.builder()
        .name("plantops_connector_samples_dropped")
        .help("Samples dropped because the batcher fell behind")
        .callback(cb -> cb.call(live.samplesDropped()))
        .register(registry);
    GaugeWithCallback.builder()
        .name("plantops_connector_stale_signals")
        .help(
            "Signals whose value nothing vouches for: no value yet, subscription silent for"
                + " staleAfterIntervals keep-alive periods, session lost, or older than maxAge")
        .callback(cb -> cb.call(live.staleSignals().size()))
        .register(registry);
    GaugeWithCallback.builder()
        .name("plantops_connector_keepalive_period_seconds")
        .help(
            "Longest keep-alive period of the subscriptions, as the server revised it (publishing"
                + " interval x max keep-alive count): silent for staleAfterIntervals of these, a"
                + " subscription makes its signals stale")
        .callback(cb -> cb.call(live.keepAlivePeriodMs() / 1000.0))
        .register(registry);
    GaugeWithCallback.builder()
        .name("plantops_connector_held_signals")
        .help(
            "Signals valid but without a notification within their sampling interval: the value"
                + " holds (report by exception)")
        .callback(cb -> cb.call(live.heldSignals()))
        .register(registry);
    GaugeWithCallback.builder()
        .name("plantops_connector_signal_stale")
        .help("1 when the signal is stale")
        .labelNames("signal")
        .callback(
            cb -> {
              List<String> stale = live.staleSignals();
              for (String s : live.signals()) {
                cb.call(stale.contains(s) ? 1 : 0, s);
              }
            })
        .register(registry);
    GaugeWithCallback.builder()
        .name("plantops_connector_signal_refused")
        .help(
            "1 for each mapped signal the connector refuses to read or write (namespace index"
                + " moved, units that do not match); the others keep running")
        .labelNames("signal", "reason")
        .callback(
            cb -> {
              for (RefusedSignal r : live.refusedSignals()) {
                cb.call(1, r.signal(), r.reason().name());
              }
            })
        .register(registry);
    GaugeWithCallback.builder()
        .name("plantops_connector_buffer_batches")
        .help("Batches in the store-and-forward buffer")
        .callback(cb -> cb.call(live.bufferBatches()))
        .register(registry);
    GaugeWithCallback.builder()
        .name("plantops_connector_buffer_bytes")
        .help("Bytes in the store-and-forward buffer")
        .callback(cb -> cb.call(live.bufferBytes()))
        .register(registry);
    GaugeWithCallback.builder()
        .name("plantops_connector_buffer_max_bytes")
        .help("Bound of the store-and-forward buffer; beyond it the oldest batches are dropped")
        .callback(cb -> cb.call(live.bufferMaxBytes()))
        .register(registry);
    CounterWithCallback.builder()
        .name("plantops_connector_buffered_batches")
        .help("Batches written to the store-and-forward buffer")
        .callback(cb -> cb.call(live.bufferedTotal()))
        .register(registry);
    CounterWithCallback.builder()
        .name("plantops_connector_replayed_batches")
        .help("Buffered batches delivered on replay")
        .callback(cb -> cb.call(live.replayedTotal()))
        .register(registry);
    CounterWithCallback.builder()
        .name("plantops_connector_dropped_batches")
        .help("Buffered batches dropped because the buffer exceeded bufferMaxBytes")
        .callback(cb -> cb.call(live.droppedTotal()))
        .register(registry);
    CounterWithCallback.builder()
        .name("plantops_connector_batches_sent")
        .help("Batches delivered directly")
        .callback(cb -> cb.call(live.batchesSent()))
        .register(registry);
    CounterWithCallback.builder()
        .name("plantops_connector_batches_refused")
        .help("Batches the inference server refused as malformed (dropped)")
        .callback(cb -> cb.call(live.batchesRefused()))
        .register(registry);
    CounterWithCallback.builder()
        .name("plantops_connector_samples_rejected")
        .help("Samples the inference server rejected in accepted batches")
        .callback(cb -> cb.call(live.samplesRejected()))
        .register(registry);
    GaugeWithCallback.builder()
        .name("plantops_connector_gap_open")
        .help("1 while the data path is interrupted")
        .callback(cb -> cb.call(live.gapOpen() ? 1 : 0))
        .register(registry);
    CounterWithCallback.builder()
        .name("plantops_connector_gaps")
        .help("Data gaps closed, by outcome (recovered from server queues, or lost)")
        .labelNames("outcome")
        .callback(
            cb -> {
              cb.call(live.gapsRecovered(), "recovered");
              cb.call(live.gapsLost(), "lost");
            })
        .register(registry);
    CounterWithCallback.builder()
        .name("plantops_connector_gap_seconds")
        .help("Length of closed data gaps, by outcome")
        .labelNames("outcome")
        .callback(
            cb -> {
              cb.call(live.gapSecondsRecovered(), "recovered");
              cb.call(live.gapSecondsLost(), "lost");
            })
        .register(registry);
    GaugeWithCallback.builder()
        .name("plantops_connector_watchdog_healthy")
        .help("1 when the write path's watchdog says the loop is healthy")
        .callback(cb -> cb.call(live.watchdogHealthy() ? 1 : 0))
        .register(registry);
    GaugeWithCallback.builder()
        .name("plantops_connector_config_loaded")
        .help("1 once a resolved plant config is in use")
        .callback(cb -> cb.call(live.configLoaded() ? 1 : 0))
        .register(registry);
    writes =
        Counter.builder()
            .name("plantops_connector_writes")
            .help("Setpoint writes to the plant, by how the value was limited")
            .labelNames("use_case", "output", "reason")
            .register(registry);
    withheld =
        Counter.builder()
            .name("plantops_connector_withheld_writes")
            .help("Recommended setpoints not written, by reason")
            .labelNames("use_case", "output", "reason")
            .register(registry);
    guidance =
        Counter.builder()
            .name("plantops_connector_guidance_writes")
            .help(
                "Guidance tag writes (advice shown on the HMI), by outcome: written, failed or the"
                    + " reason it was withheld")
            .labelNames("use_case", "output", "outcome")
            .register(registry);
    advice =
        Counter.builder()
            .name("plantops_connector_advisory_published")
            .help("Advisory recommendations published to operators")
            .labelNames("use_case", "output")
            .register(registry);
    adviceValue =
        Gauge.builder()
            .name("plantops_connector_advisory_value")
            .help("Latest advisory value, canonical unit")
            .labelNames("use_case", "output")
            .register(registry);
    adoptionEpisodes =
        Counter.builder()
            .name("plantops_connector_advisory_episodes")
            .help("Advice episodes, by outcome (opened, followed, not_followed)")
            .labelNames("use_case", "output", "outcome")
            .register(registry);
    adoptionRatio =
        Gauge.builder()
            .name("plantops_connector_advisory_adoption_ratio")
            .help("Followed / closed advice episodes (operator adoption)")
            .labelNames("use_case", "output")
            .register(registry);
    recommendations =
        Counter.builder()
            .name("plantops_connector_recommendations")
            .help("Recommendations received from the inference server")
            .labelNames("use_case")
            .register(registry);
    configErrors =
        Counter.builder()
            .name("plantops_connector_config_errors")
            .help("Resolved plant configs refused (the previous one stays in use)")
            .register(registry);
    httpRefusals =
        Counter.builder()
            .name("plantops_connector_http_refusals")
            .help(
                "HTTP requests refused by the connector, by reason (PlantBusy, BodyTooLarge, ...)")
            .labelNames("reason")
            .register(registry);
  }

  /** Counts a write. */
  public void written(String useCase, String output, String reason) {
    writes.labelValues(useCase, output, reason).inc();
  }

  /** Counts a withheld write. */
  public void withheld(String useCase, String output, String reason) {
    withheld.labelValues(useCase, output, reason).inc();
  }

  /** Counts a guidance write, failed write or withheld write, by outcome. */
  public void guidance(String useCase, String output, String outcome) {
    guidance.labelValues(useCase, output, outcome).inc();
  }

  /** Counts published advice. */
  public void advised(String useCase, String output, double value) {
    advice.labelValues(useCase, output).inc();
    adviceValue.labelValues(useCase, output).set(value);
  }

  /** Counts an advice episode event and updates the adoption ratio. */
  public void adoption(String useCase, String output, String outcome, double ratio) {
    adoptionEpisodes.labelValues(useCase, output, outcome).inc();
    if (Double.isFinite(ratio)) {
      adoptionRatio.labelValues(useCase, output).set(ratio);
    }
  }

  /** Counts a recommendation. */
  public void recommendation(String useCase) {
    recommendations.labelValues(useCase).inc();
  }

  /** Counts a refused config. */
  public void configError() {
    configErrors.inc();
  }

  /** Counts an HTTP request refused for {@code reason} (a bounded set of names). */
  public void httpRefused(String reason) {
    httpRefusals.labelValues(reason).inc();
  }

  /** Writes the Prometheus text exposition. */
  public void scrape(OutputStream out) throws IOException {
    new PrometheusTextFormatWriter(false).write(out, registry.scrape());
  }

  /** The content type of {@link #scrape}. */
  public static String contentType() {
    return PrometheusTextFormatWriter.CONTENT_TYPE;
  }
}
