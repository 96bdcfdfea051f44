package io.plantops.simulator;

import java.util.List;
import org.eclipse.milo.opcua.sdk.core.Reference;
import org.eclipse.milo.opcua.sdk.server.ManagedNamespaceWithLifecycle;
import org.eclipse.milo.opcua.sdk.server.OpcUaServer;
import org.eclipse.milo.opcua.sdk.server.items.DataItem;
import org.eclipse.milo.opcua.sdk.server.items.MonitoredItem;
import org.eclipse.milo.opcua.sdk.server.nodes.UaFolderNode;
import org.eclipse.milo.opcua.sdk.server.nodes.UaVariableNode;
import org.eclipse.milo.opcua.sdk.server.util.SubscriptionModel;
import org.eclipse.milo.opcua.stack.core.NodeIds;
import org.eclipse.milo.opcua.stack.core.types.builtin.DataValue;
import org.eclipse.milo.opcua.stack.core.types.builtin.LocalizedText;
import org.eclipse.milo.opcua.stack.core.types.builtin.Variant;

/**
 * A vendor's own namespace that sits before the tag namespace (so Joliet's tags land in namespace
 * 3, as on the real server): a Diagnostics folder with the vendor's name.
 */
final class SystemNamespace extends ManagedNamespaceWithLifecycle {

  private final SubscriptionModel subscriptionModel;

  SystemNamespace(OpcUaServer server, String uri, String vendor) {
    super(server, uri);
    subscriptionModel = new SubscriptionModel(server, this);
    getLifecycleManager().addLifecycle(subscriptionModel);
    getLifecycleManager()
        .addStartupTask(
            () -> {
              UaFolderNode folder =
                  new UaFolderNode(
                      getNodeContext(),
                      newNodeId("Diagnostics"),
                      newQualifiedName("Diagnostics"),
                      LocalizedText.english("Diagnostics"));
              getNodeManager().addNode(folder);
              folder.addReference(
                  new Reference(
                      folder.getNodeId(),
                      NodeIds.Organizes,
                      NodeIds.ObjectsFolder.expanded(),
                      false));
              UaVariableNode node =
                  new UaVariableNode.UaVariableNodeBuilder(getNodeContext())
                      .setNodeId(newNodeId("Diagnostics/Vendor"))
                      .setBrowseName(newQualifiedName("Vendor"))
                      .setDisplayName(LocalizedText.english("Vendor"))
                      .setDataType(NodeIds.String)
                      .setTypeDefinition(NodeIds.BaseDataVariableType)
                      .build();
              node.setValue(new DataValue(new Variant(vendor)));
              getNodeManager().addNode(node);
              folder.addOrganizes(node);
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
