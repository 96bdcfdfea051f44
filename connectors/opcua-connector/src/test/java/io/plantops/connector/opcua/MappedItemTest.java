package io.plantops.connector.opcua;

import static org.assertj.core.api.Assertions.assertThat;

import org.eclipse.milo.opcua.stack.core.types.builtin.NodeId;
import org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.UInteger;
import org.eclipse.milo.opcua.stack.core.types.enumerated.DataChangeTrigger;
import org.eclipse.milo.opcua.stack.core.types.structured.DataChangeFilter;
import org.junit.jupiter.api.Test;

class MappedItemTest {

  @Test
  void queuesEnoughSamplesToBridgeTheRecoveryWindowWithinOneToAThousand() {
    assertThat(MappedItem.queueSize(1000, 120_000)).isEqualTo(120);
    assertThat(MappedItem.queueSize(300, 1_000)).isEqualTo(4);
    assertThat(MappedItem.queueSize(60_000, 1_000)).isEqualTo(1);
    assertThat(MappedItem.queueSize(50, 120_000)).isEqualTo(MappedItem.MAX_QUEUE);
  }

  @Test
  void asksForTheMappingsIntervalAndTreatsARefreshedTimestampAsAnUpdate() {
    MappedItem item = MappedItem.of(7, new NodeId(2, "LYN.K1.BZT.PV"), 2000, 120_000);

    assertThat(item.index).isEqualTo(7);
    assertThat(item.getReadValueId().getNodeId()).isEqualTo(new NodeId(2, "LYN.K1.BZT.PV"));
    assertThat(item.getSamplingInterval()).isEqualTo(2000.0);
    assertThat(item.getQueueSize()).isEqualTo(UInteger.valueOf(60));
    assertThat(item.getDiscardOldest()).isTrue();
    assertThat(item.getFilter())
        .isInstanceOfSatisfying(
            DataChangeFilter.class,
            f -> assertThat(f.getTrigger()).isEqualTo(DataChangeTrigger.StatusValueTimestamp));
  }
}
