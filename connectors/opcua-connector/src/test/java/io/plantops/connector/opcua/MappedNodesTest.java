package io.plantops.connector.opcua;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.plantops.connector.mapping.SignalTable;
import io.plantops.contract.ConfigException;
import io.plantops.contract.ResolvedPlantConfig.SignalMapping;
import java.util.List;
import org.eclipse.milo.opcua.stack.core.types.builtin.NodeId;
import org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.UInteger;
import org.junit.jupiter.api.Test;

class MappedNodesTest {

  private static SignalMapping mapping(String signal, String nodeId) {
    return new SignalMapping(signal, nodeId, "t/h", "t/h", 1, 0, 1000, false);
  }

  @Test
  void refusesAMalformedNodeIdNamingTheSignalAndWhatIsWrong() {
    SignalTable table =
        SignalTable.of(
            List.of(
                mapping("kiln.feed.rate", "ns=2;s=LYN.K1.FEED_RATE.PV"),
                mapping("kiln.speed", "ns=2;q=LYN.K1.DRIVE.SPEED.PV"),
                mapping("kiln.inlet.o2", "ns=70000;i=4")));

    assertThatThrownBy(() -> MappedNodes.of(table))
        .isInstanceOfSatisfying(
            ConfigException.class,
            e ->
                assertThat(e.problems())
                    .satisfiesExactly(
                        p ->
                            assertThat(p)
                                .startsWith("signals[1] (kiln.speed).nodeId 'ns=2;q=")
                                .contains("unknown identifier type 'q=', use i=, s=, g= or b=")
                                .endsWith(
                                    "correct the nodeId of the plant's TagMapping, entry"
                                        + " kiln.speed"),
                        p ->
                            assertThat(p)
                                .startsWith("signals[2] (kiln.inlet.o2).nodeId")
                                .contains("not a number from 0 to 65535")));
  }

  @Test
  void parsesIndexNodeIdsAtOnceAndLeavesNamespaceUrisToTheSession() throws ConfigException {
    MappedNodes nodes =
        MappedNodes.of(
            SignalTable.of(
                List.of(
                    mapping("kiln.feed.rate", "ns=2;s=LYN.K1.FEED_RATE.PV"),
                    mapping("kiln.speed", "i=2258"),
                    mapping("kiln.inlet.o2", "nsu=urn:plantops:simulator:lyon:pcs7;i=4"))));

    assertThat(nodes.node(0)).contains(new NodeId(2, "LYN.K1.FEED_RATE.PV"));
    assertThat(nodes.node(1)).contains(new NodeId(0, UInteger.valueOf(2258)));
    assertThat(nodes.node(2)).as("resolved when a session is established").isEmpty();
  }
}
