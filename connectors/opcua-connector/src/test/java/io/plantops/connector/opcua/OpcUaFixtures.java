package io.plantops.connector.opcua;

import io.plantops.connector.mapping.SignalStore;
import io.plantops.connector.mapping.SignalTable;
import io.plantops.contract.Autonomy;
import io.plantops.contract.PlantConfigCodec;
import io.plantops.contract.ResolvedPlantConfig;
import io.plantops.contract.ResolvedPlantConfig.OpcUaSettings;
import io.plantops.contract.ResolvedPlantConfig.SignalMapping;
import io.plantops.contract.SampleConfigs;
import io.plantops.contract.rules.Backoff;
import io.plantops.contract.rules.Staleness;
import io.plantops.simulator.Dialect;
import io.plantops.simulator.PlantSimulator;
import io.plantops.simulator.SecurityOptions;
import io.plantops.simulator.ServerLimits;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.random.RandomGenerator;
import org.eclipse.milo.opcua.stack.core.UaException;

/** Configs, simulators and backoffs for the tests of the OPC UA classes. */
final class OpcUaFixtures {

  static final OpcUaTuning TUNING = new OpcUaTuning(120_000, 5_000, 1_000);

  private OpcUaFixtures() {}

  /** A Lyon simulator that lets anonymous clients in over SecurityPolicy None and write. */
  static PlantSimulator lyonSimulator(ServerLimits limits) throws UaException {
    return PlantSimulator.builder(Dialect.lyon())
        .security(new SecurityOptions(true, true, true, Map.of(), false))
        .limits(limits)
        .start();
  }

  /** None/None, anonymous, insecure writes explicitly allowed. */
  static OpcUaSettings insecure(String endpointUrl, boolean allowInsecure) {
    return new OpcUaSettings(
        endpointUrl, "None", "None", null, null, null, null, null, allowInsecure);
  }

  /** The Lyon sample config with other OPC UA settings and signals. */
  static ResolvedPlantConfig lyon(OpcUaSettings opcua, List<SignalMapping> signals) {
    ResolvedPlantConfig base = SampleConfigs.lyon(Autonomy.ClosedLoop);
    return PlantConfigCodec.seal(
        new ResolvedPlantConfig(
            base.schemaVersion(),
            null,
            base.plant(),
            opcua,
            base.connector(),
            signals,
            base.useCases()));
  }

  /** The Lyon sample config, reaching {@code sim} insecurely (insecure writes allowed). */
  static ResolvedPlantConfig lyon(PlantSimulator sim) {
    return lyon(insecure(sim.endpointUrl(), true), SampleConfigs.lyonSignals());
  }

  /** A store for the signals of {@code config}. */
  static SignalStore store(ResolvedPlantConfig config) {
    return new SignalStore(
        SignalTable.of(config.signals()), Staleness.of(config.connector()), 1 << 12, () -> {});
  }

  /**
   * A backoff of 20 ms .. 40 ms that counts its delays in {@code draws}: each failure draws its
   * jitter once.
   */
  static Backoff countingBackoff(AtomicInteger draws) {
    return new Backoff(
        Duration.ofMillis(20),
        Duration.ofMillis(40),
        0.1,
        new RandomGenerator() {
          @Override
          public long nextLong() {
            throw new UnsupportedOperationException("the backoff draws doubles");
          }

          @Override
          public double nextDouble() {
            draws.incrementAndGet();
            return 0.0;
          }
        });
  }
}
