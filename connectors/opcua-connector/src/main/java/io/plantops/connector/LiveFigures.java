package io.plantops.connector;

import io.plantops.connector.mapping.MappingError;
import io.plantops.connector.metrics.ConnectorMetrics;
import io.plantops.connector.opcua.GapRecorder;
import io.plantops.contract.ConnectorStatus.RefusedSignal;
import io.plantops.contract.SessionState;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.function.DoubleSupplier;
import java.util.function.Supplier;

/** The figures the metrics read at scrape time, from the runtime in force (zero before one). */
final class LiveFigures implements ConnectorMetrics.Live {

  private final Supplier<Optional<PlantRuntime>> runtime;
  private final GapRecorder gaps;
  private final Clock clock;
  private final DoubleSupplier notificationsPerSecond;

  LiveFigures(
      Supplier<Optional<PlantRuntime>> runtime,
      GapRecorder gaps,
      Clock clock,
      DoubleSupplier notificationsPerSecond) {
    this.runtime = runtime;
    this.gaps = gaps;
    this.clock = clock;
    this.notificationsPerSecond = notificationsPerSecond;
  }

  private Optional<PlantRuntime> r() {
    return runtime.get();
  }

  @Override
  public SessionState sessionState() {
    return r().map(x -> x.session().connection().state()).orElse(SessionState.Connecting);
  }

  @Override
  public int monitoredItems() {
    return r().map(x -> x.session().connection().subscriptions().monitoredItems()).orElse(0);
  }

  @Override
  public int subscriptions() {
    return r().map(x -> x.session().connection().subscriptions().subscriptionCount()).orElse(0);
  }

  @Override
  public long notifications() {
    return r().map(x -> x.session().store().notifications()).orElse(0L);
  }

  @Override
  public double notificationsPerSecond() {
    return notificationsPerSecond.getAsDouble();
  }

  @Override
  public long mappingErrors(MappingError kind) {
    return r().map(x -> x.session().store().errors(kind)).orElse(0L);
  }

  @Override
  public long samplesDropped() {
    return r().map(x -> x.session().store().dropped()).orElse(0L);
  }

  @Override
  public List<String> signals() {
    return r().map(x -> x.config().signals().stream().map(s -> s.signal()).toList())
        .orElse(List.of());
  }

  @Override
  public List<String> staleSignals() {
    return r().map(x -> x.session().store().staleSignals(clock.millis())).orElse(List.of());
  }

  @Override
  public int heldSignals() {
    return r().map(x -> x.session().store().heldCount(clock.millis())).orElse(0);
  }

  @Override
  public long keepAlivePeriodMs() {
    return r().map(x -> x.session().store().keepAlivePeriodMs()).orElse(0L);
  }

  @Override
  public List<RefusedSignal> refusedSignals() {
    return r().map(x -> x.session().connection().refusedSignals()).orElse(List.of());
  }

  @Override
  public long bufferBatches() {
    return r().map(x -> x.buffer().depth()).orElse(0L);
  }

  @Override
  public long bufferBytes() {
    return r().map(x -> x.buffer().bytes()).orElse(0L);
  }

  @Override
  public long bufferMaxBytes() {
    return r().map(x -> x.buffer().maxBytes()).orElse(0L);
  }

  @Override
  public long bufferedTotal() {
    return r().map(x -> x.delivery().forwarder().buffered()).orElse(0L);
  }

  @Override
  public long replayedTotal() {
    return r().map(x -> x.delivery().forwarder().replayed()).orElse(0L);
  }

  @Override
  public long droppedTotal() {
    return r().map(x -> x.buffer().dropped() + x.delivery().forwarder().droppedInMemory())
        .orElse(0L);
  }

  @Override
  public long batchesSent() {
    return r().map(x -> x.delivery().forwarder().sent()).orElse(0L);
  }

  @Override
  public long batchesRefused() {
    return r().map(x -> x.delivery().forwarder().refused()).orElse(0L);
  }

  @Override
  public long samplesRejected() {
    return r().map(x -> x.delivery().forwarder().samplesRejected()).orElse(0L);
  }

  @Override
  public boolean gapOpen() {
    return gaps.open();
  }

  @Override
  public long gapsLost() {
    return gaps.lostCount();
  }

  @Override
  public long gapsRecovered() {
    return gaps.recoveredCount();
  }

  @Override
  public double gapSecondsLost() {
    return gaps.lostSeconds();
  }

  @Override
  public double gapSecondsRecovered() {
    return gaps.recoveredSeconds();
  }

  @Override
  public boolean watchdogHealthy() {
    return r().map(x -> x.writing().watchdog().health(clock.millis()).healthy()).orElse(false);
  }

  @Override
  public boolean configLoaded() {
    return r().isPresent();
  }
}
