package io.plantops.connector.opcua;

import static org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.Unsigned.uint;
import static org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.Unsigned.ushort;

import io.plantops.connector.mapping.SignalStore;
import io.plantops.connector.mapping.SignalTable;
import io.plantops.contract.SessionState;
import io.plantops.contract.units.LinearConversion;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import org.eclipse.milo.opcua.sdk.client.OpcUaClient;
import org.eclipse.milo.opcua.stack.core.AttributeId;
import org.eclipse.milo.opcua.stack.core.NodeIds;
import org.eclipse.milo.opcua.stack.core.StatusCodes;
import org.eclipse.milo.opcua.stack.core.UaException;
import org.eclipse.milo.opcua.stack.core.types.builtin.DataValue;
import org.eclipse.milo.opcua.stack.core.types.builtin.DateTime;
import org.eclipse.milo.opcua.stack.core.types.builtin.ExpandedNodeId;
import org.eclipse.milo.opcua.stack.core.types.builtin.LocalizedText;
import org.eclipse.milo.opcua.stack.core.types.builtin.NodeId;
import org.eclipse.milo.opcua.stack.core.types.builtin.QualifiedName;
import org.eclipse.milo.opcua.stack.core.types.builtin.StatusCode;
import org.eclipse.milo.opcua.stack.core.types.builtin.Variant;
import org.eclipse.milo.opcua.stack.core.types.enumerated.TimestampsToReturn;
import org.eclipse.milo.opcua.stack.core.types.structured.ReadValueId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes setpoints and guidance tags to the plant. Setpoints: a canonical value converted to the
 * tag's raw unit and encoded as the node's own DataType, read for every writable signal when a
 * session is established, since the Write service (OPC UA Part 4 §5.10.4) refuses a value of
 * another type with Bad_TypeMismatch.
 */
public final class SetpointWriter implements PlantWriter, PlantSession.Part {

  private static final Logger LOG = LoggerFactory.getLogger(SetpointWriter.class);

  private final PlantSession session;
  private final SignalStore store;
  private final SignalTable table;
  private final MappedNodes nodes;
  private final long timeoutMs;
  private final Map<Integer, NodeId> dataTypes = new HashMap<>();

  /**
   * A writer to the writable signals of {@code store}, through {@code session}; values are
   * converted to raw with the conversion in force in the store ({@link ServerUnits}).
   *
   * @param timeoutMs how long a write may take before it fails
   */
  public SetpointWriter(
      PlantSession session, SignalStore store, MappedNodes nodes, long timeoutMs) {
    this.session = session;
    this.store = store;
    this.table = store.table();
    this.nodes = nodes;
    this.timeoutMs = timeoutMs;
  }

  /** Reads the DataType of every writable node, within the server's MaxNodesPerRead. */
  @Override
  public void establish(OpcUaClient client) throws UaException {
    List<SignalTable.Entry> writable = new ArrayList<>();
    List<ReadValueId> ids = new ArrayList<>();
    for (SignalTable.Entry e : table.entries()) {
      Optional<NodeId> node = nodes.node(e.index());
      if (e.mapping().writable() && node.isPresent()) {
        writable.add(e);
        ids.add(
            new ReadValueId(
                node.get(), AttributeId.DataType.uid(), null, QualifiedName.NULL_VALUE));
      }
    }
    if (writable.isEmpty()) {
      return;
    }
    List<DataValue> results = ServiceCalls.of(client).read(ids);
    synchronized (dataTypes) {
      dataTypes.clear();
      for (int i = 0; i < writable.size(); i++) {
        Object type = results.get(i).value().value();
        if (type instanceof NodeId id) {
          dataTypes.put(writable.get(i).index(), id);
        } else {
          LOG.error(
              "cannot read the DataType of writable {} ({}): {}; writes to it will be refused",
              writable.get(i).name(),
              writable.get(i).mapping().nodeId(),
              results.get(i).statusCode());
        }
      }
    }
  }

  /**
   * Writes a canonical value to a signal's node. Completes with the plant's status code, or
   * exceptionally when the session is down or the node's type cannot be written.
   */
  @Override
  public CompletableFuture<WriteResult> write(SignalTable.Entry entry, double canonical) {
    Optional<OpcUaClient> client = session.client();
    if (client.isEmpty() || session.state() != SessionState.Connected) {
      return CompletableFuture.failedFuture(
          new UaException(StatusCodes.Bad_NotConnected, "the OPC UA session is not connected"));
    }
    Optional<NodeId> node = nodes.node(entry.index());
    if (node.isEmpty()) {
      return CompletableFuture.failedFuture(
          new UaException(
              StatusCodes.Bad_NodeIdUnknown,
              entry.mapping().where()
                  + ": nodeId "
                  + entry.mapping().nodeId()
                  + " is refused on this session (see refusedSignals in the status)"));
    }
    NodeId type;
    synchronized (dataTypes) {
      type = dataTypes.get(entry.index());
    }
    LinearConversion toCanonical = store.toCanonical(entry.index());
    Variant variant;
    try {
      variant = encode(type, toCanonical.inverse().apply(canonical));
    } catch (UaException e) {
      return CompletableFuture.failedFuture(e);
    }
    double rawSent = ((Number) variant.value()).doubleValue();
    double canonicalSent = toCanonical.apply(rawSent);
    OpcUaClient c = client.get();
    NodeId target = node.get();
    return namespaceStillThere(c, entry, target)
        .thenCompose(
            ok -> c.writeValuesAsync(List.of(target), List.of(DataValue.valueOnly(variant))))
        .orTimeout(timeoutMs, TimeUnit.MILLISECONDS)
        .thenApply(codes -> new WriteResult(codes.get(0), rawSent, canonicalSent));
  }

  /**
   * Writes guidance tags: each NodeId is resolved against the server's NamespaceArray read now
   * ({@code nsu=} to its index, an {@code ns=} index as given), its DataType is read, and all tags
   * are written in one Write call. They are not mapped signals, so nothing is cached between
   * writes: a restarted server with moved namespaces gets the right nodes.
   */
  @Override
  public CompletableFuture<List<StatusCode>> writeGuidance(List<GuidanceTag> tags) {
    Optional<OpcUaClient> client = session.client();
    if (client.isEmpty() || session.state() != SessionState.Connected) {
      return CompletableFuture.failedFuture(
          new UaException(StatusCodes.Bad_NotConnected, "the OPC UA session is not connected"));
    }
    OpcUaClient c = client.get();
    return c.readNamespaceTableAsync()
        .thenCompose(
            table -> {
              List<NodeId> ids = new ArrayList<>();
              List<ReadValueId> reads = new ArrayList<>();
              for (GuidanceTag t : tags) {
                NodeId id =
                    ExpandedNodeId.parse(t.nodeId())
                        .toNodeId(table)
                        .orElseThrow(
                            () ->
                                new CompletionException(
                                    new UaException(
                                        StatusCodes.Bad_NodeIdUnknown,
                                        "guidance tag "
                                            + t.nodeId()
                                            + ": its namespace is not on this server")));
                ids.add(id);
                reads.add(
                    new ReadValueId(
                        id, AttributeId.DataType.uid(), null, QualifiedName.NULL_VALUE));
              }
              return c.readAsync(0.0, TimestampsToReturn.Neither, reads)
                  .thenCompose(
                      types -> {
                        List<DataValue> values = new ArrayList<>();
                        for (int i = 0; i < tags.size(); i++) {
                          Object type = types.getResults()[i].value().value();
                          try {
                            values.add(
                                DataValue.valueOnly(
                                    guidance(
                                        type instanceof NodeId n ? n : null, tags.get(i).value())));
                          } catch (UaException e) {
                            throw new CompletionException(
                                new UaException(
                                    e.getStatusCode(),
                                    "guidance tag "
                                        + tags.get(i).nodeId()
                                        + ": "
                                        + e.getMessage()));
                          }
                        }
                        return c.writeValuesAsync(ids, values);
                      });
            })
        .orTimeout(timeoutMs, TimeUnit.MILLISECONDS);
  }

  /**
   * A guidance value as a Variant of the node's DataType: text as String or LocalizedText, a
   * heartbeat as DateTime or, on a numeric node, Unix seconds; an advised value as a setpoint is.
   */
  static Variant guidance(NodeId type, Object value) throws UaException {
    if (value instanceof String text) {
      if (NodeIds.String.equals(type)) {
        return new Variant(text);
      }
      if (NodeIds.LocalizedText.equals(type)) {
        return new Variant(LocalizedText.english(text));
      }
      throw new UaException(
          StatusCodes.Bad_TypeMismatch, "a reasons text needs a String node, not " + type);
    }
    if (value instanceof Instant time) {
      if (NodeIds.DateTime.equals(type) || NodeIds.UtcTime.equals(type)) {
        return new Variant(new DateTime(time));
      }
      return encode(type, time.getEpochSecond());
    }
    return encode(type, ((Number) value).doubleValue());
  }

  /**
   * Reads the server's NamespaceArray before a write and fails it when the target's index no longer
   * holds the namespace URI the mapping was resolved to: between a server restart and the
   * re-establishment of the session's parts, a write must not reach another namespace's node. A
   * moved namespace asks the session to check every mapping again.
   */
  private CompletableFuture<Void> namespaceStillThere(
      OpcUaClient client, SignalTable.Entry entry, NodeId target) {
    Optional<String> expected = nodes.namespaceUri(entry.index());
    if (expected.isEmpty()) {
      return CompletableFuture.completedFuture(null);
    }
    return client
        .readNamespaceTableAsync()
        .thenAccept(
            table -> {
              String now = table.get(target.getNamespaceIndex());
              if (!expected.get().equals(now)) {
                session.reestablish();
                throw new CompletionException(
                    new UaException(
                        StatusCodes.Bad_NodeIdUnknown,
                        entry.mapping().where()
                            + ": namespace index "
                            + target.getNamespaceIndex()
                            + " of "
                            + target.toParseableString()
                            + " is now '"
                            + now
                            + "', not '"
                            + expected.get()
                            + "'; not written, the mappings are checked again"));
              }
            });
  }

  /**
   * {@code raw} as a Variant of the node's DataType: floating types as they are, integer types
   * rounded to the nearest.
   *
   * @throws UaException Bad_TypeMismatch when the type is unknown or not numeric
   */
  static Variant encode(NodeId type, double raw) throws UaException {
    if (type == null) {
      throw new UaException(
          StatusCodes.Bad_TypeMismatch, "the node's DataType is unknown; refusing to guess");
    }
    if (type.equals(NodeIds.Double)) {
      return new Variant(raw);
    }
    if (type.equals(NodeIds.Float)) {
      return new Variant((float) raw);
    }
    long rounded = Math.round(raw);
    if (type.equals(NodeIds.Int32)) {
      return new Variant(Math.toIntExact(rounded));
    }
    if (type.equals(NodeIds.Int16)) {
      return new Variant((short) Math.toIntExact(rounded));
    }
    if (type.equals(NodeIds.UInt16)) {
      return new Variant(ushort(Math.toIntExact(rounded)));
    }
    if (type.equals(NodeIds.UInt32)) {
      return new Variant(uint(rounded));
    }
    if (type.equals(NodeIds.Int64)) {
      return new Variant(rounded);
    }
    throw new UaException(
        StatusCodes.Bad_TypeMismatch, "setpoints of DataType " + type + " are not supported");
  }
}
