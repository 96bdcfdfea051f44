package io.plantops.connector.opcua;

import org.eclipse.milo.opcua.sdk.client.subscriptions.OpcUaMonitoredItem;
import org.eclipse.milo.opcua.stack.core.types.structured.ReadValueId;

/** A monitored item that knows its signal's index, so a notification maps without a lookup. */
final class MappedItem extends OpcUaMonitoredItem {

  final int index;

  MappedItem(ReadValueId readValueId, int index) {
    super(readValueId);
    this.index = index;
  }
}
