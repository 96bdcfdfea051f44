package io.plantops.connector.opcua;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.plantops.connector.mapping.SignalStore;
import io.plantops.connector.mapping.SignalTable;
import io.plantops.contract.HostAliases;
import io.plantops.contract.ResolvedPlantConfig;
import io.plantops.contract.SampleConfigs;
import io.plantops.contract.rules.Staleness;
import java.nio.file.Path;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.milo.opcua.stack.core.NodeIds;
import org.eclipse.milo.opcua.stack.core.StatusCodes;
import org.eclipse.milo.opcua.stack.core.UaException;
import org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.UInteger;
import org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.UShort;
import org.junit.jupiter.api.Test;

class SetpointWriterTest {

  @Test
  void sendsFloatingTypesAsTheyAreAndRoundsIntegerTypes() throws UaException {
    assertThat(SetpointWriter.encode(NodeIds.Double, 12.34).value()).isEqualTo(12.34);
    assertThat(SetpointWriter.encode(NodeIds.Float, 12.34).value()).isEqualTo(12.34f);
    assertThat(SetpointWriter.encode(NodeIds.Int32, 12.5).value()).isEqualTo(13);
    assertThat(SetpointWriter.encode(NodeIds.Int16, -3.6).value()).isEqualTo((short) -4);
    assertThat(SetpointWriter.encode(NodeIds.UInt16, 7.2).value()).isEqualTo(UShort.valueOf(7));
    assertThat(SetpointWriter.encode(NodeIds.UInt32, 7.2).value()).isEqualTo(UInteger.valueOf(7));
    assertThat(SetpointWriter.encode(NodeIds.Int64, 1e10).value()).isEqualTo(10_000_000_000L);
  }

  @Test
  void refusesToGuessAnUnknownOrNonNumericDataType() {
    assertThatThrownBy(() -> SetpointWriter.encode(null, 1.0))
        .isInstanceOfSatisfying(
            UaException.class,
            e -> assertThat(e.getStatusCode().getValue()).isEqualTo(StatusCodes.Bad_TypeMismatch))
        .hasMessageContaining("DataType is unknown");
    assertThatThrownBy(() -> SetpointWriter.encode(NodeIds.String, 1.0))
        .isInstanceOf(UaException.class)
        .hasMessageContaining("not supported");
  }

  @Test
  void failsAsNotConnectedWhileTheSessionIsNotConnected() throws Exception {
    ResolvedPlantConfig config =
        OpcUaFixtures.lyon(
            OpcUaFixtures.insecure("opc.tcp://127.0.0.1:1/lyon", true),
            SampleConfigs.lyonSignals());
    SignalTable table = SignalTable.of(config.signals());
    try (PlantSession session =
        new PlantSession(
            config,
            HostAliases.parse(null),
            Path::of,
            OpcUaFixtures.TUNING,
            OpcUaFixtures.countingBackoff(new AtomicInteger()))) {
      SetpointWriter writer =
          new SetpointWriter(
              session,
              new SignalStore(table, Staleness.of(config.connector()), 16, () -> {}),
              MappedNodes.of(table),
              1_000);
      SignalTable.Entry setpoint = table.byName("kiln.fuel.setpoint").orElseThrow();

      assertThatThrownBy(() -> writer.write(setpoint, 10.0).get())
          .isInstanceOf(ExecutionException.class)
          .cause()
          .isInstanceOfSatisfying(
              UaException.class,
              e ->
                  assertThat(e.getStatusCode().getValue()).isEqualTo(StatusCodes.Bad_NotConnected));
    }
  }
}
