package io.plantops.connector.opcua;

import static org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.Unsigned.uint;

import org.eclipse.milo.opcua.sdk.client.subscriptions.OpcUaMonitoredItem;
import org.eclipse.milo.opcua.stack.core.AttributeId;
import org.eclipse.milo.opcua.stack.core.types.builtin.NodeId;
import org.eclipse.milo.opcua.stack.core.types.builtin.QualifiedName;
import org.eclipse.milo.opcua.stack.core.types.enumerated.DataChangeTrigger;
import org.eclipse.milo.opcua.stack.core.types.enumerated.DeadbandType;
import org.eclipse.milo.opcua.stack.core.types.structured.DataChangeFilter;
import org.eclipse.milo.opcua.stack.core.types.structured.ReadValueId;

/** A monitored item that knows its signal's index, so a notification maps without a lookup. */
final class MappedItem extends OpcUaMonitoredItem {

  /** Samples a server queue holds per item at most, whatever the recovery window asks. */
  static final long MAX_QUEUE = 1000;

  final int index;

  private MappedItem(ReadValueId readValueId, int index) {
    super(readValueId);
    this.index = index;
  }

  /**
   * The item monitoring the Value of {@code node} for the signal at {@code index}: sampled at the
   * mapping's interval, with a server-side queue that bridges {@code recoveryWindowMs} of lost
   * connection.
   */
  static MappedItem of(int index, NodeId node, int samplingIntervalMs, long recoveryWindowMs) {
    MappedItem item =
        new MappedItem(
            new ReadValueId(node, AttributeId.Value.uid(), null, QualifiedName.NULL_VALUE), index);
    item.setSamplingInterval((double) samplingIntervalMs);
    // the server keeps this many samples per item while the connection is down (Part 4 §5.12.1.5)
    item.setQueueSize(uint(queueSize(samplingIntervalMs, recoveryWindowMs)));
    item.setDiscardOldest(true);
    // a refreshed source timestamp is an update even when the value repeats (Part 4 §7.22.2), so a
    // constant but live tag is not mistaken for a stale one
    item.setFilter(
        new DataChangeFilter(
            DataChangeTrigger.StatusValueTimestamp, uint(DeadbandType.None.getValue()), 0.0));
    return item;
  }

  /** Samples to queue so that {@code recoveryWindowMs} of samples survive, from 1 to 1000. */
  static long queueSize(double samplingIntervalMs, long recoveryWindowMs) {
    return Math.max(
        1, Math.min(MAX_QUEUE, (long) Math.ceil(recoveryWindowMs / samplingIntervalMs)));
  }
}
