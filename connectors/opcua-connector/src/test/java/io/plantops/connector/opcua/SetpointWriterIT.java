package io.plantops.connector.opcua;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import io.plantops.connector.mapping.SignalStore;
import io.plantops.connector.mapping.SignalTable;
import io.plantops.contract.HostAliases;
import io.plantops.contract.ResolvedPlantConfig;
import io.plantops.contract.ResolvedPlantConfig.SignalMapping;
import io.plantops.contract.SampleConfigs;
import io.plantops.contract.SessionState;
import io.plantops.simulator.PlantSimulator;
import io.plantops.simulator.Point;
import io.plantops.simulator.ServerLimits;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.milo.opcua.stack.core.StatusCodes;
import org.eclipse.milo.opcua.stack.core.UaException;
import org.junit.jupiter.api.Test;

/** Setpoint writes against the in-process Milo simulator. */
class SetpointWriterIT {

  @Test
  void writesACanonicalSetpointAsTheNodesOwnDataType() throws Exception {
    try (PlantSimulator sim = OpcUaFixtures.lyonSimulator(ServerLimits.defaults())) {
      ResolvedPlantConfig config = OpcUaFixtures.lyon(sim);
      SignalStore store = OpcUaFixtures.store(config);
      try (PlantConnection connection = connection(config, store)) {
        connection.start();
        await()
            .atMost(Duration.ofSeconds(30))
            .until(() -> connection.state() == SessionState.Connected);
        SignalTable.Entry setpoint = store.table().byName("kiln.fuel.setpoint").orElseThrow();
        double target = sim.value(Point.FUEL_SETPOINT) + 0.1;

        PlantWriter.WriteResult result =
            connection.writer().write(setpoint, target).get(10, TimeUnit.SECONDS);

        assertThat(result.status().isGood()).as(result.status().toString()).isTrue();
        assertThat(result.canonical()).isCloseTo(target, within(1e-9));
        assertThat(sim.writes())
            .singleElement()
            .satisfies(w -> assertThat(w.canonical()).isCloseTo(target, within(1e-9)));
      }
    }
  }

  @Test
  void refusesToWriteANodeWhoseDataTypeCouldNotBeRead() throws Exception {
    List<SignalMapping> signals = new ArrayList<>(SampleConfigs.lyonSignals());
    signals.add(
        new SignalMapping(
            "kiln.ghost.setpoint", "ns=2;s=NO.SUCH.TAG", "t/h", "t/h", 1, 0, 1000, true));
    try (PlantSimulator sim = OpcUaFixtures.lyonSimulator(ServerLimits.defaults())) {
      ResolvedPlantConfig config =
          OpcUaFixtures.lyon(OpcUaFixtures.insecure(sim.endpointUrl(), true), signals);
      SignalStore store = OpcUaFixtures.store(config);
      try (PlantConnection connection = connection(config, store)) {
        connection.start();
        await()
            .atMost(Duration.ofSeconds(30))
            .until(() -> connection.state() == SessionState.Connected);
        SignalTable.Entry ghost = store.table().byName("kiln.ghost.setpoint").orElseThrow();

        assertThatThrownBy(() -> connection.writer().write(ghost, 10.0).get(10, TimeUnit.SECONDS))
            .isInstanceOf(ExecutionException.class)
            .cause()
            .isInstanceOfSatisfying(
                UaException.class,
                e -> {
                  assertThat(e.getStatusCode().getValue()).isEqualTo(StatusCodes.Bad_TypeMismatch);
                  assertThat(e.getMessage()).contains("DataType is unknown");
                });
        assertThat(sim.writes()).isEmpty();
      }
    }
  }

  private static PlantConnection connection(ResolvedPlantConfig config, SignalStore store)
      throws Exception {
    return new PlantConnection(
        config,
        store,
        MappedNodes.of(store.table()),
        HostAliases.parse(null),
        Path::of,
        Clock.systemUTC(),
        OpcUaFixtures.TUNING,
        new GapRecorder(),
        OpcUaFixtures.countingBackoff(new AtomicInteger()));
  }
}
