package io.plantops.simulator;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.milo.opcua.sdk.core.AccessLevel;
import org.eclipse.milo.opcua.sdk.core.Reference;
import org.eclipse.milo.opcua.sdk.server.ManagedNamespaceWithLifecycle;
import org.eclipse.milo.opcua.sdk.server.OpcUaServer;
import org.eclipse.milo.opcua.sdk.server.items.DataItem;
import org.eclipse.milo.opcua.sdk.server.items.MonitoredItem;
import org.eclipse.milo.opcua.sdk.server.nodes.UaFolderNode;
import org.eclipse.milo.opcua.sdk.server.nodes.UaVariableNode;
import org.eclipse.milo.opcua.stack.core.NodeIds;
import org.eclipse.milo.opcua.stack.core.types.builtin.DataValue;
import org.eclipse.milo.opcua.stack.core.types.builtin.DateTime;
import org.eclipse.milo.opcua.stack.core.types.builtin.LocalizedText;
import org.eclipse.milo.opcua.stack.core.types.builtin.NodeId;
import org.eclipse.milo.opcua.stack.core.types.builtin.StatusCode;
import org.eclipse.milo.opcua.stack.core.types.builtin.Variant;

/**
 * Load for benchmarks: {@code count} Double variables {@code BENCH.<i>} whose values change every
 * {@code periodMs}, reported by exception (each change is pushed to the monitored items at once
 * rather than sampled, OPC UA Part 4 §5.12.1.2), so the server's own sampling cost stays out of the
 * connector's figures.
 *
 * <p>Also {@code held} variables {@code BENCH.HELD.<i>} whose value never changes: each monitored
 * item gets its initial value, with a source timestamp from before the server started, and nothing
 * after, as a server reporting by exception treats a constant tag.
 */
final class BenchNamespace extends ManagedNamespaceWithLifecycle {

  static final String URI = "urn:plantops:simulator:bench";

  private final int count;
  private final int held;
  private final long periodMs;
  private final DataValue heldValue =
      new DataValue(
          new Variant(42.0),
          StatusCode.GOOD,
          new DateTime(java.time.Instant.now().minusSeconds(86_400)),
          new DateTime(java.time.Instant.now().minusSeconds(86_400)));
  private final Map<NodeId, Set<DataItem>> items = new ConcurrentHashMap<>();
  private final AtomicLong changes = new AtomicLong();
  private ScheduledExecutorService generator;
  private long tick;

  BenchNamespace(OpcUaServer server, int count, int held, long periodMs) {
    super(server, URI);
    this.count = count;
    this.held = held;
    this.periodMs = periodMs;
    getLifecycleManager().addStartupTask(this::createNodes);
  }

  private void createNodes() {
    UaFolderNode folder =
        new UaFolderNode(
            getNodeContext(),
            newNodeId("BENCH"),
            newQualifiedName("BENCH"),
            LocalizedText.english("BENCH"));
    getNodeManager().addNode(folder);
    folder.addReference(
        new Reference(
            folder.getNodeId(), NodeIds.Organizes, NodeIds.ObjectsFolder.expanded(), false));
    for (int i = 0; i < count; i++) {
      UaVariableNode node =
          new UaVariableNode.UaVariableNodeBuilder(getNodeContext())
              .setNodeId(newNodeId("BENCH." + i))
              .setBrowseName(newQualifiedName("BENCH." + i))
              .setDisplayName(LocalizedText.english("BENCH." + i))
              .setDataType(NodeIds.Double)
              .setTypeDefinition(NodeIds.BaseDataVariableType)
              .setAccessLevel(AccessLevel.toValue(AccessLevel.READ_ONLY))
              .build();
      node.setValue(new DataValue(new Variant(0.0)));
      getNodeManager().addNode(node);
      folder.addOrganizes(node);
    }
    for (int i = 0; i < held; i++) {
      UaVariableNode node =
          new UaVariableNode.UaVariableNodeBuilder(getNodeContext())
              .setNodeId(newNodeId("BENCH.HELD." + i))
              .setBrowseName(newQualifiedName("BENCH.HELD." + i))
              .setDisplayName(LocalizedText.english("BENCH.HELD." + i))
              .setDataType(NodeIds.Double)
              .setTypeDefinition(NodeIds.BaseDataVariableType)
              .setAccessLevel(AccessLevel.toValue(AccessLevel.READ_ONLY))
              .build();
      node.setValue(heldValue);
      getNodeManager().addNode(node);
      folder.addOrganizes(node);
    }
    generator =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "plant-simulator-bench");
              t.setDaemon(true);
              return t;
            });
    generator.scheduleAtFixedRate(this::change, periodMs, periodMs, TimeUnit.MILLISECONDS);
  }

  /** Every variable changes once: new value, new source timestamp, pushed to its items. */
  private void change() {
    tick++;
    DateTime now = DateTime.now();
    for (Map.Entry<NodeId, Set<DataItem>> e : items.entrySet()) {
      double v = 300.0 + (e.getKey().hashCode() % 100) + (tick % 1000) * 0.01;
      DataValue value = new DataValue(new Variant(v), StatusCode.GOOD, now, now);
      for (DataItem item : e.getValue()) {
        item.setValue(value);
        changes.incrementAndGet();
      }
    }
  }

  /** Changes pushed to monitored items so far. */
  long changes() {
    return changes.get();
  }

  @Override
  public void onDataItemsCreated(List<DataItem> dataItems) {
    for (DataItem item : dataItems) {
      Object id = item.getReadValueId().getNodeId().getIdentifier();
      if (id instanceof String s && s.startsWith("BENCH.HELD.")) {
        item.setValue(heldValue); // the initial value, and never another
        continue;
      }
      items
          .computeIfAbsent(item.getReadValueId().getNodeId(), k -> ConcurrentHashMap.newKeySet())
          .add(item);
    }
  }

  @Override
  public void onDataItemsModified(List<DataItem> dataItems) {
    // the generator pushes every change; sampling parameters do not matter
  }

  @Override
  public void onDataItemsDeleted(List<DataItem> dataItems) {
    for (DataItem item : dataItems) {
      Set<DataItem> set = items.get(item.getReadValueId().getNodeId());
      if (set != null) {
        set.remove(item);
      }
    }
  }

  @Override
  public void onMonitoringModeChanged(List<MonitoredItem> monitoredItems) {
    // reporting mode is all the benchmark uses
  }

  void stopGenerator() {
    if (generator != null) {
      generator.shutdownNow();
    }
  }
}
