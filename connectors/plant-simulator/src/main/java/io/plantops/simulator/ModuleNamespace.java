package io.plantops.simulator;

import java.util.List;
import org.eclipse.milo.opcua.sdk.server.ManagedNamespaceWithLifecycle;
import org.eclipse.milo.opcua.sdk.server.OpcUaServer;
import org.eclipse.milo.opcua.sdk.server.items.DataItem;
import org.eclipse.milo.opcua.sdk.server.items.MonitoredItem;
import org.eclipse.milo.opcua.sdk.server.nodes.UaVariableNode;
import org.eclipse.milo.opcua.sdk.server.util.SubscriptionModel;
import org.eclipse.milo.opcua.stack.core.NodeIds;
import org.eclipse.milo.opcua.stack.core.types.builtin.DataValue;
import org.eclipse.milo.opcua.stack.core.types.builtin.LocalizedText;
import org.eclipse.milo.opcua.stack.core.types.builtin.NodeId;
import org.eclipse.milo.opcua.stack.core.types.builtin.Variant;

/**
 * A namespace a server gained after an update (a new module), registered before the dialect's own
 * so that their indexes move. Its variables reuse the tags' identifiers and hold constant, Good
 * values in the middle of each tag's EURange: what a client reads when it keeps a stale namespace
 * index. They are not organised under Objects, so browsing does not offer them.
 */
final class ModuleNamespace extends ManagedNamespaceWithLifecycle {

  private final SubscriptionModel subscriptionModel;

  ModuleNamespace(OpcUaServer server, String uri, Dialect dialect) {
    super(server, uri);
    subscriptionModel = new SubscriptionModel(server, this);
    getLifecycleManager().addLifecycle(subscriptionModel);
    getLifecycleManager()
        .addStartupTask(
            () -> {
              for (TagSpec tag : dialect.tags()) {
                NodeId id = NodeId.parse(tag.nodeId()).withNamespaceIndex(getNamespaceIndex());
                UaVariableNode node =
                    new UaVariableNode.UaVariableNodeBuilder(getNodeContext())
                        .setNodeId(id)
                        .setBrowseName(newQualifiedName(tag.browseName()))
                        .setDisplayName(LocalizedText.english(tag.browseName()))
                        .setDataType(NodeIds.Double)
                        .setTypeDefinition(NodeIds.BaseDataVariableType)
                        .build();
                node.setValue(new DataValue(new Variant((tag.euLow() + tag.euHigh()) / 2)));
                getNodeManager().addNode(node);
              }
            });
  }

  @Override
  public void onDataItemsCreated(List<DataItem> dataItems) {
    subscriptionModel.onDataItemsCreated(dataItems);
  }

  @Override
  public void onDataItemsModified(List<DataItem> dataItems) {
    subscriptionModel.onDataItemsModified(dataItems);
  }

  @Override
  public void onDataItemsDeleted(List<DataItem> dataItems) {
    subscriptionModel.onDataItemsDeleted(dataItems);
  }

  @Override
  public void onMonitoringModeChanged(List<MonitoredItem> monitoredItems) {
    subscriptionModel.onMonitoringModeChanged(monitoredItems);
  }
}
