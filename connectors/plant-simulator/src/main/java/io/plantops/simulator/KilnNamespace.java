package io.plantops.simulator;

import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.eclipse.milo.opcua.sdk.core.AccessLevel;
import org.eclipse.milo.opcua.sdk.core.Reference;
import org.eclipse.milo.opcua.sdk.server.ManagedNamespaceWithLifecycle;
import org.eclipse.milo.opcua.sdk.server.OpcUaServer;
import org.eclipse.milo.opcua.sdk.server.Session;
import org.eclipse.milo.opcua.sdk.server.identity.Identity;
import org.eclipse.milo.opcua.sdk.server.items.DataItem;
import org.eclipse.milo.opcua.sdk.server.items.MonitoredItem;
import org.eclipse.milo.opcua.sdk.server.model.variables.AnalogItemTypeNode;
import org.eclipse.milo.opcua.sdk.server.nodes.UaFolderNode;
import org.eclipse.milo.opcua.sdk.server.nodes.UaVariableNode;
import org.eclipse.milo.opcua.sdk.server.nodes.filters.AttributeFilter;
import org.eclipse.milo.opcua.sdk.server.nodes.filters.AttributeFilterContext;
import org.eclipse.milo.opcua.sdk.server.util.SubscriptionModel;
import org.eclipse.milo.opcua.stack.core.AttributeId;
import org.eclipse.milo.opcua.stack.core.NodeIds;
import org.eclipse.milo.opcua.stack.core.StatusCodes;
import org.eclipse.milo.opcua.stack.core.UaException;
import org.eclipse.milo.opcua.stack.core.types.builtin.DataValue;
import org.eclipse.milo.opcua.stack.core.types.builtin.DateTime;
import org.eclipse.milo.opcua.stack.core.types.builtin.LocalizedText;
import org.eclipse.milo.opcua.stack.core.types.builtin.NodeId;
import org.eclipse.milo.opcua.stack.core.types.builtin.StatusCode;
import org.eclipse.milo.opcua.stack.core.types.structured.EUInformation;
import org.eclipse.milo.opcua.stack.core.types.structured.Range;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The dialect's tags as AnalogItemType variables (OPC UA Part 8 §5.3.2.4) with EngineeringUnits and
 * EURange, in a folder tree under Objects. Values are pushed in by the simulator; client writes to
 * writable tags are checked here (range, identity) and handed to the simulator.
 */
final class KilnNamespace extends ManagedNamespaceWithLifecycle {

  private static final Logger LOG = LoggerFactory.getLogger(KilnNamespace.class);

  /** Receives an accepted write: the tag and its raw value. */
  interface WriteListener {
    void onWrite(TagSpec tag, double raw, String who);
  }

  private final Dialect dialect;
  private final int expectedIndex;
  private final WriteListener writeListener;
  private final boolean anonymousWrites;
  private final boolean history;
  private final SubscriptionModel subscriptionModel;
  private final Map<String, AnalogItemTypeNode> nodes = new HashMap<>();
  private final Map<String, UaVariableNode> displays = new HashMap<>();

  KilnNamespace(
      OpcUaServer server,
      String uri,
      Dialect dialect,
      int expectedIndex,
      WriteListener writeListener,
      boolean anonymousWrites,
      boolean history) {
    super(server, uri);
    this.history = history;
    this.dialect = dialect;
    this.expectedIndex = expectedIndex;
    this.writeListener = writeListener;
    this.anonymousWrites = anonymousWrites;
    this.subscriptionModel = new SubscriptionModel(server, this);
    getLifecycleManager().addLifecycle(subscriptionModel);
    getLifecycleManager().addStartupTask(this::createNodes);
  }

  private void createNodes() {
    int index = getNamespaceIndex().intValue();
    if (index != expectedIndex) {
      throw new IllegalStateException(
          "dialect "
              + dialect.name()
              + " expects its tags in namespace "
              + expectedIndex
              + " but the server registered "
              + getNamespaceUri()
              + " at "
              + index);
    }
    Map<String, UaFolderNode> folders = new LinkedHashMap<>();
    for (TagSpec tag : dialect.tags()) {
      UaFolderNode folder = folder(folders, tag.folder());
      AnalogItemTypeNode node;
      try {
        node =
            (AnalogItemTypeNode)
                getNodeFactory()
                    .createNode(
                        NodeId.parse(tag.nodeId()).withNamespaceIndex(getNamespaceIndex()),
                        NodeIds.AnalogItemType);
      } catch (UaException e) {
        throw new IllegalStateException("cannot create " + tag.nodeId() + ": " + e.getMessage(), e);
      }
      node.setBrowseName(newQualifiedName(tag.browseName()));
      node.setDisplayName(LocalizedText.english(tag.browseName()));
      node.setDescription(LocalizedText.english(tag.description()));
      node.setDataType(
          switch (tag.type()) {
            case DOUBLE -> NodeIds.Double;
            case FLOAT -> NodeIds.Float;
            case INT32 -> NodeIds.Int32;
          });
      node.setMinimumSamplingInterval((double) tag.samplingIntervalMs());
      node.setEuRange(new Range(tag.euLow(), tag.euHigh()));
      EngineeringUnit eu =
          EngineeringUnit.forSymbol(tag.euSymbol())
              .orElseThrow(
                  () -> new IllegalStateException("no UNECE code for unit " + tag.euSymbol()));
      node.setEngineeringUnits(
          new EUInformation(
              EngineeringUnit.UNECE_NAMESPACE,
              eu.unitId(),
              LocalizedText.english(eu.displayName()),
              LocalizedText.english(eu.description())));
      Set<AccessLevel> access = EnumSet.of(AccessLevel.CurrentRead);
      if (tag.writable()) {
        access.add(AccessLevel.CurrentWrite);
        node.getFilterChain().addLast(new WriteFilter(tag));
      }
      boolean historized = history && PlantHistory.historized(tag.point());
      if (historized) {
        // OPC UA Part 3 §5.6.2: the HistoryRead bit and Historizing tell clients history exists
        access.add(AccessLevel.HistoryRead);
      }
      node.setAccessLevel(AccessLevel.toValue(access));
      node.setUserAccessLevel(AccessLevel.toValue(access));
      node.setHistorizing(historized);
      node.setValue(new DataValue(StatusCodes.Uncertain_InitialValue));
      getNodeManager().addNode(node);
      folder.addOrganizes(node);
      nodes.put(tag.nodeId(), node);
    }
    for (DisplayTag tag : dialect.displays()) {
      UaVariableNode node =
          new UaVariableNode.UaVariableNodeBuilder(getNodeContext())
              .setNodeId(NodeId.parse(tag.nodeId()).withNamespaceIndex(getNamespaceIndex()))
              .setBrowseName(newQualifiedName(tag.browseName()))
              .setDisplayName(LocalizedText.english(tag.browseName()))
              .setDescription(LocalizedText.english(tag.description()))
              .setDataType(tag.type() == DisplayTag.Type.STRING ? NodeIds.String : NodeIds.DateTime)
              .setTypeDefinition(NodeIds.BaseDataVariableType)
              .setAccessLevel(
                  AccessLevel.toValue(
                      EnumSet.of(AccessLevel.CurrentRead, AccessLevel.CurrentWrite)))
              .setUserAccessLevel(
                  AccessLevel.toValue(
                      EnumSet.of(AccessLevel.CurrentRead, AccessLevel.CurrentWrite)))
              .build();
      node.setValue(new DataValue(StatusCodes.Uncertain_InitialValue));
      node.getFilterChain().addLast(new DisplayWriteFilter(tag));
      getNodeManager().addNode(node);
      folder(folders, tag.folder()).addOrganizes(node);
      displays.put(tag.nodeId(), node);
    }
  }

  /** What a client last wrote to a display tag (Uncertain_InitialValue before any write). */
  java.util.Optional<DataValue> display(String nodeId) {
    return java.util.Optional.ofNullable(displays.get(nodeId)).map(UaVariableNode::getValue);
  }

  private UaFolderNode folder(Map<String, UaFolderNode> folders, String path) {
    UaFolderNode existing = folders.get(path);
    if (existing != null) {
      return existing;
    }
    int slash = path.lastIndexOf('/');
    String name = path.substring(slash + 1);
    UaFolderNode node =
        new UaFolderNode(
            getNodeContext(),
            newNodeId("folder:" + path),
            newQualifiedName(name),
            LocalizedText.english(name));
    getNodeManager().addNode(node);
    if (slash < 0) {
      node.addReference(
          new Reference(
              node.getNodeId(), NodeIds.Organizes, NodeIds.ObjectsFolder.expanded(), false));
    } else {
      folder(folders, path.substring(0, slash)).addOrganizes(node);
    }
    folders.put(path, node);
    return node;
  }

  /** Publishes a new value of a tag, as the control system's scan would. */
  void update(TagSpec tag, DataValue value) {
    AnalogItemTypeNode node = nodes.get(tag.nodeId());
    if (node != null) {
      node.setValue(value);
    }
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

  /** The user a write comes from, or an exception when the server refuses anonymous writes. */
  private String writer(AttributeFilterContext ctx, String browseName) throws UaException {
    Identity identity = ctx.getSession().map(Session::getIdentity).orElse(null);
    if (identity instanceof Identity.UsernameIdentity user) {
      return user.getUsername();
    }
    if (anonymousWrites) {
      return "anonymous";
    }
    throw new UaException(
        StatusCodes.Bad_UserAccessDenied, browseName + " is writable by authenticated users only");
  }

  /** Accepts a write of the display tag's own type from an allowed user, as a DCS would. */
  private final class DisplayWriteFilter implements AttributeFilter {
    private final DisplayTag tag;

    DisplayWriteFilter(DisplayTag tag) {
      this.tag = tag;
    }

    @Override
    public void writeAttribute(AttributeFilterContext ctx, AttributeId attributeId, Object value)
        throws UaException {
      if (attributeId != AttributeId.Value) {
        ctx.setAttribute(attributeId, value);
        return;
      }
      String who = writer(ctx, tag.browseName());
      DataValue dv = (DataValue) value;
      Object v = dv == null ? null : dv.value().value();
      boolean fits =
          tag.type() == DisplayTag.Type.STRING ? v instanceof String : v instanceof DateTime;
      if (!fits) {
        throw new UaException(
            StatusCodes.Bad_TypeMismatch,
            tag.browseName() + " holds a " + tag.type() + ", got " + v);
      }
      LOG.info("{} wrote {} = {}", who, tag.browseName(), v);
      DateTime now = DateTime.now();
      ctx.setAttribute(attributeId, new DataValue(dv.value(), StatusCode.GOOD, now, now));
    }
  }

  /**
   * Checks a client's write like a DCS would: only authenticated users (unless anonymous writes are
   * allowed), finite values inside EURange (Bad_OutOfRange otherwise, OPC UA Part 4 §7.39).
   */
  private final class WriteFilter implements AttributeFilter {
    private final TagSpec tag;

    WriteFilter(TagSpec tag) {
      this.tag = tag;
    }

    @Override
    public void writeAttribute(AttributeFilterContext ctx, AttributeId attributeId, Object value)
        throws UaException {
      if (attributeId != AttributeId.Value) {
        ctx.setAttribute(attributeId, value);
        return;
      }
      String who = writer(ctx, tag.browseName());
      DataValue dv = (DataValue) value;
      Object v = dv == null ? null : dv.value().value();
      if (!(v instanceof Number number)) {
        throw new UaException(StatusCodes.Bad_TypeMismatch, "a number is required");
      }
      double raw = number.doubleValue();
      if (!Double.isFinite(raw) || raw < tag.euLow() || raw > tag.euHigh()) {
        throw new UaException(
            StatusCodes.Bad_OutOfRange,
            tag.browseName() + " accepts " + tag.euLow() + " to " + tag.euHigh() + ", got " + raw);
      }
      writeListener.onWrite(tag, raw, who);
      ctx.setAttribute(attributeId, value);
    }
  }
}
