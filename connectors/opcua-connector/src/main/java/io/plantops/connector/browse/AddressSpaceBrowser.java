package io.plantops.connector.browse;

import static org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.Unsigned.uint;

import io.plantops.connector.opcua.ServiceCalls;
import io.plantops.contract.opcua.NodeIdSyntax;
import io.plantops.contract.units.UneceUnits;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.eclipse.milo.opcua.sdk.client.OpcUaClient;
import org.eclipse.milo.opcua.sdk.core.AccessLevel;
import org.eclipse.milo.opcua.stack.core.AttributeId;
import org.eclipse.milo.opcua.stack.core.NodeIds;
import org.eclipse.milo.opcua.stack.core.UaException;
import org.eclipse.milo.opcua.stack.core.types.builtin.DataValue;
import org.eclipse.milo.opcua.stack.core.types.builtin.LocalizedText;
import org.eclipse.milo.opcua.stack.core.types.builtin.NodeId;
import org.eclipse.milo.opcua.stack.core.types.builtin.QualifiedName;
import org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.UByte;
import org.eclipse.milo.opcua.stack.core.types.enumerated.BrowseDirection;
import org.eclipse.milo.opcua.stack.core.types.enumerated.BrowseResultMask;
import org.eclipse.milo.opcua.stack.core.types.enumerated.NodeClass;
import org.eclipse.milo.opcua.stack.core.types.structured.BrowseDescription;
import org.eclipse.milo.opcua.stack.core.types.structured.EUInformation;
import org.eclipse.milo.opcua.stack.core.types.structured.Range;
import org.eclipse.milo.opcua.stack.core.types.structured.ReadValueId;
import org.eclipse.milo.opcua.stack.core.types.structured.ReferenceDescription;

/**
 * Browses a plant's address space from the Objects folder: every variable outside namespace 0,
 * named by namespace URI ({@code nsu=}), with its data type, access, description, current value,
 * and the EngineeringUnits and EURange properties of DataItems (OPC UA Part 8 §5.3.2), in batched
 * Browse and Read calls that respect the server's OperationLimits. EngineeringUnits resolve to a
 * catalogue unit by unitId first, then by display name ({@link UneceUnits#resolve}).
 */
public final class AddressSpaceBrowser {

  private static final int BATCH = 100;

  private static final Map<NodeId, String> TYPE_NAMES =
      Map.ofEntries(
          Map.entry(NodeIds.Double, "Double"),
          Map.entry(NodeIds.Float, "Float"),
          Map.entry(NodeIds.Int16, "Int16"),
          Map.entry(NodeIds.Int32, "Int32"),
          Map.entry(NodeIds.Int64, "Int64"),
          Map.entry(NodeIds.UInt16, "UInt16"),
          Map.entry(NodeIds.UInt32, "UInt32"),
          Map.entry(NodeIds.UInt64, "UInt64"),
          Map.entry(NodeIds.Byte, "Byte"),
          Map.entry(NodeIds.SByte, "SByte"),
          Map.entry(NodeIds.Boolean, "Boolean"),
          Map.entry(NodeIds.String, "String"),
          Map.entry(NodeIds.DateTime, "DateTime"));

  private final OpcUaClient client;
  private final int maxNodes;

  public AddressSpaceBrowser(OpcUaClient client, int maxNodes) {
    this.client = client;
    this.maxNodes = maxNodes;
  }

  /**
   * Every variable under {@code root} (normally the Objects folder), in calls within the server's
   * OperationLimits ({@link ServiceCalls}).
   */
  public List<BrowsedVariable> browse(NodeId root) throws UaException {
    client.readNamespaceTable();
    client.readOperationLimits();
    ServiceCalls calls = ServiceCalls.of(client);
    record Found(NodeId id, String path, String browseName) {}
    List<Found> variables = new ArrayList<>();
    Deque<Found> queue = new ArrayDeque<>();
    Set<NodeId> seen = new HashSet<>();
    queue.add(new Found(root, "", ""));
    seen.add(root);
    int visited = 0;
    while (!queue.isEmpty() && visited < maxNodes) {
      List<Found> batch = new ArrayList<>();
      while (!queue.isEmpty() && batch.size() < BATCH) {
        batch.add(queue.removeFirst());
      }
      List<BrowseDescription> requests =
          batch.stream()
              .map(
                  f ->
                      new BrowseDescription(
                          f.id(),
                          BrowseDirection.Forward,
                          NodeIds.HierarchicalReferences,
                          true,
                          uint(NodeClass.Object.getValue() | NodeClass.Variable.getValue()),
                          uint(BrowseResultMask.All.getValue())))
              .toList();
      List<List<ReferenceDescription>> results = calls.browse(requests);
      for (int i = 0; i < batch.size(); i++) {
        for (ReferenceDescription ref : results.get(i)) {
          if (NodeIds.HasProperty.equals(ref.getReferenceTypeId())) {
            continue; // properties are read with their variable
          }
          Optional<NodeId> id = ref.getNodeId().toNodeId(client.getNamespaceTable());
          if (id.isEmpty() || id.get().getNamespaceIndex().intValue() == 0 || !seen.add(id.get())) {
            continue;
          }
          String name = ref.getDisplayName() == null ? "" : ref.getDisplayName().text();
          Found child = new Found(id.get(), batch.get(i).path() + "/" + name, browseName(ref));
          visited++;
          if (ref.getNodeClass() == NodeClass.Variable) {
            variables.add(child);
          }
          queue.addLast(child);
        }
      }
    }
    List<BrowsedVariable> result = new ArrayList<>();
    for (int from = 0; from < variables.size(); from += BATCH) {
      List<Found> part = variables.subList(from, Math.min(variables.size(), from + BATCH));
      List<NodeId> ids = part.stream().map(Found::id).toList();
      List<DataValue> attributes = readAttributes(calls, ids);
      List<Map<String, Object>> properties =
          calls.properties(ids, Set.of("EngineeringUnits", "EURange"));
      for (int i = 0; i < part.size(); i++) {
        Found f = part.get(i);
        result.add(
            variable(durable(f.id()), f.path(), f.browseName(), attributes, i, properties.get(i)));
      }
    }
    return result;
  }

  private static String browseName(ReferenceDescription ref) {
    QualifiedName q = ref.getBrowseName();
    return q == null ? "" : q.name();
  }

  private static final AttributeId[] ATTRIBUTES = {
    AttributeId.DataType,
    AttributeId.Description,
    AttributeId.Value,
    AttributeId.UserAccessLevel,
    AttributeId.MinimumSamplingInterval
  };

  private static List<DataValue> readAttributes(ServiceCalls calls, List<NodeId> ids)
      throws UaException {
    List<ReadValueId> reads = new ArrayList<>();
    for (NodeId id : ids) {
      for (AttributeId a : ATTRIBUTES) {
        reads.add(new ReadValueId(id, a.uid(), null, QualifiedName.NULL_VALUE));
      }
    }
    return calls.read(reads);
  }

  /**
   * The NodeId as a TagMapping should name it: by namespace URI, which survives a server restart
   * (OPC UA Part 3 §8.2.2), unless the URI cannot be written in an {@code nsu=} prefix.
   */
  private String durable(NodeId id) {
    String text = id.toParseableString();
    String uri = client.getNamespaceTable().get(id.getNamespaceIndex());
    return id.getNamespaceIndex().intValue() == 0 || uri == null
        ? text
        : NodeIdSyntax.byNamespaceUri(text, uri).orElse(text);
  }

  private static BrowsedVariable variable(
      String nodeId,
      String path,
      String browseName,
      List<DataValue> attributes,
      int i,
      Map<String, Object> properties) {
    int base = i * ATTRIBUTES.length;
    Object type = attributes.get(base).value().value();
    Object description = attributes.get(base + 1).value().value();
    Object value = attributes.get(base + 2).value().value();
    Object access = attributes.get(base + 3).value().value();
    Object sampling = attributes.get(base + 4).value().value();
    String typeName =
        type instanceof NodeId t ? TYPE_NAMES.getOrDefault(t, t.toParseableString()) : null;
    boolean writable =
        access instanceof UByte b && AccessLevel.fromValue(b).contains(AccessLevel.CurrentWrite);
    UnitColumns unit =
        UnitColumns.of(properties == null ? null : properties.get("EngineeringUnits"));
    Double low = null;
    Double high = null;
    if (properties != null) {
      if (properties.get("EURange") instanceof Range range) {
        low = range.getLow();
        high = range.getHigh();
      }
    }
    return new BrowsedVariable(
        nodeId,
        path,
        browseName,
        description instanceof LocalizedText t ? t.text() : null,
        typeName,
        writable,
        unit.engineeringUnits(),
        unit.unitId(),
        unit.uneceCode(),
        unit.unit(),
        unit.unitSource(),
        low,
        high,
        value instanceof Number n && !(value instanceof Boolean) ? n.doubleValue() : null,
        sampling instanceof Double d && d > 0 ? d : null);
  }

  /**
   * What a variable's EngineeringUnits property says, resolved against the unit catalogue by unitId
   * first, then by display name.
   *
   * @param engineeringUnits the display name, or null
   * @param unitId the EUInformation unitId, or null
   * @param uneceCode the UNECE code packed in the unitId, or null
   * @param unit the catalogue expression, or null when unknown
   * @param unitSource how the unit was resolved, or why it was not
   */
  record UnitColumns(
      String engineeringUnits, Integer unitId, String uneceCode, String unit, String unitSource) {

    /** The columns of an EngineeringUnits property value (null or not EUInformation: absent). */
    static UnitColumns of(Object property) {
      if (!(property instanceof EUInformation info)) {
        return new UnitColumns(null, null, null, null, "the server gives no EngineeringUnits");
      }
      String display = info.getDisplayName() == null ? null : info.getDisplayName().text();
      int unitId = info.getUnitId() == null ? UneceUnits.NO_UNIT_ID : info.getUnitId();
      UneceUnits.Resolution resolution =
          UneceUnits.resolve(info.getNamespaceUri(), unitId, display);
      return new UnitColumns(
          display,
          unitId,
          UneceUnits.code(unitId).orElse(null),
          resolution.unit().orElse(null),
          resolution.via());
    }
  }
}
