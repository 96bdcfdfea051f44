package io.plantops.simulator;

import static org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.Unsigned.ushort;

import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.eclipse.milo.opcua.sdk.server.OpcUaServer;
import org.eclipse.milo.opcua.sdk.server.Session;
import org.eclipse.milo.opcua.sdk.server.servicesets.AbstractServiceSet;
import org.eclipse.milo.opcua.sdk.server.servicesets.AttributeServiceSet;
import org.eclipse.milo.opcua.sdk.server.servicesets.impl.DefaultAttributeServiceSet;
import org.eclipse.milo.opcua.stack.core.StatusCodes;
import org.eclipse.milo.opcua.stack.core.UaException;
import org.eclipse.milo.opcua.stack.core.types.builtin.ByteString;
import org.eclipse.milo.opcua.stack.core.types.builtin.DataValue;
import org.eclipse.milo.opcua.stack.core.types.builtin.DateTime;
import org.eclipse.milo.opcua.stack.core.types.builtin.ExtensionObject;
import org.eclipse.milo.opcua.stack.core.types.builtin.NodeId;
import org.eclipse.milo.opcua.stack.core.types.builtin.StatusCode;
import org.eclipse.milo.opcua.stack.core.types.builtin.Variant;
import org.eclipse.milo.opcua.stack.core.types.enumerated.TimestampsToReturn;
import org.eclipse.milo.opcua.stack.core.types.structured.HistoryData;
import org.eclipse.milo.opcua.stack.core.types.structured.HistoryReadDetails;
import org.eclipse.milo.opcua.stack.core.types.structured.HistoryReadRequest;
import org.eclipse.milo.opcua.stack.core.types.structured.HistoryReadResponse;
import org.eclipse.milo.opcua.stack.core.types.structured.HistoryReadResult;
import org.eclipse.milo.opcua.stack.core.types.structured.HistoryReadValueId;
import org.eclipse.milo.opcua.stack.core.types.structured.HistoryUpdateRequest;
import org.eclipse.milo.opcua.stack.core.types.structured.HistoryUpdateResponse;
import org.eclipse.milo.opcua.stack.core.types.structured.ReadRawModifiedDetails;
import org.eclipse.milo.opcua.stack.core.types.structured.ReadRequest;
import org.eclipse.milo.opcua.stack.core.types.structured.ReadResponse;
import org.eclipse.milo.opcua.stack.core.types.structured.WriteRequest;
import org.eclipse.milo.opcua.stack.core.types.structured.WriteResponse;
import org.eclipse.milo.opcua.stack.transport.server.ServiceRequestContext;

/**
 * HistoryRead of raw values (OPC UA Part 11 §6.4.3, ReadRawModifiedDetails with isReadModified
 * false) for the dialect's tags, from {@link PlantHistory}. Read and Write go to Milo's own service
 * set. Milo's service set does not hand {@code releaseContinuationPoints} to the address space,
 * which is why the simulator answers HistoryRead here.
 *
 * <p>Forward reads only: {@code [startTime, endTime)}, both given. At most {@code maxValuesPerRead}
 * values per node and call (or fewer if the client asks for fewer); the rest through a continuation
 * point, held per session, the oldest dropped past {@code maxContinuationPoints}. Bounds and
 * modified values are not offered.
 */
final class HistoryServiceSet implements AttributeServiceSet {

  private static final int MAX_SESSIONS = 64;

  private final OpcUaServer server;
  private final AttributeServiceSet delegate;
  private final PlantHistory history;
  private final HistoryOptions options;
  private final Map<NodeId, TagSpec> tags = new HashMap<>();
  // continuation points of the most recent sessions; a closed session's are dropped with age
  private final Map<NodeId, Map<ByteString, Cursor>> cursorsBySession =
      new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<NodeId, Map<ByteString, Cursor>> eldest) {
          return size() > MAX_SESSIONS;
        }
      };

  HistoryServiceSet(
      OpcUaServer server,
      PlantHistory history,
      HistoryOptions options,
      Dialect dialect,
      int namespaceIndex) {
    this.server = server;
    this.delegate = new DefaultAttributeServiceSet(server);
    this.history = history;
    this.options = options;
    for (TagSpec tag : dialect.tags()) {
      tags.put(NodeId.parse(tag.nodeId()).withNamespaceIndex(ushort(namespaceIndex)), tag);
    }
  }

  /** Where the next call of a read goes on. */
  private record Cursor(NodeId nodeId, Instant next, Instant end, int perCall) {}

  @Override
  public HistoryReadResponse onHistoryRead(
      ServiceRequestContext context, HistoryReadRequest request) throws UaException {
    Session session = server.getSessionManager().getSession(context, request.getRequestHeader());
    HistoryReadValueId[] nodes = request.getNodesToRead();
    if (nodes == null || nodes.length == 0) {
      throw new UaException(StatusCodes.Bad_NothingToDo);
    }
    if (nodes.length > server.getConfig().getLimits().getMaxNodesPerRead().longValue()) {
      throw new UaException(StatusCodes.Bad_TooManyOperations);
    }
    TimestampsToReturn timestamps = request.getTimestampsToReturn();
    if (timestamps == null || timestamps == TimestampsToReturn.Neither) {
      // Part 11 §6.4.1: Neither is invalid for HistoryRead
      throw new UaException(StatusCodes.Bad_TimestampsToReturnInvalid);
    }
    HistoryReadDetails details =
        (HistoryReadDetails)
            request.getHistoryReadDetails().decode(server.getStaticEncodingContext());
    List<HistoryReadResult> results = new ArrayList<>();
    synchronized (cursorsBySession) {
      Map<ByteString, Cursor> cursors =
          cursorsBySession.computeIfAbsent(session.getSessionId(), id -> newCursorMap());
      for (HistoryReadValueId node : nodes) {
        if (Boolean.TRUE.equals(request.getReleaseContinuationPoints())) {
          results.add(release(cursors, node));
        } else {
          results.add(read(cursors, details, timestamps, node));
        }
      }
    }
    return new HistoryReadResponse(
        AbstractServiceSet.createResponseHeader(request),
        results.toArray(HistoryReadResult[]::new),
        null);
  }

  private Map<ByteString, Cursor> newCursorMap() {
    return new LinkedHashMap<>() {
      @Override
      protected boolean removeEldestEntry(Map.Entry<ByteString, Cursor> eldest) {
        return size() > options.maxContinuationPoints();
      }
    };
  }

  private static HistoryReadResult release(
      Map<ByteString, Cursor> cursors, HistoryReadValueId node) {
    ByteString cp = node.getContinuationPoint();
    boolean known = cp != null && cp.isNotNull() && cursors.remove(cp) != null;
    return new HistoryReadResult(
        known ? StatusCode.GOOD : new StatusCode(StatusCodes.Bad_ContinuationPointInvalid),
        null,
        null);
  }

  private HistoryReadResult read(
      Map<ByteString, Cursor> cursors,
      HistoryReadDetails details,
      TimestampsToReturn timestamps,
      HistoryReadValueId node) {
    TagSpec tag = tags.get(node.getNodeId());
    if (tag == null) {
      return failure(StatusCodes.Bad_NodeIdUnknown);
    }
    if (!PlantHistory.historized(tag.point())) {
      return failure(StatusCodes.Bad_HistoryOperationUnsupported);
    }
    if (!(details instanceof ReadRawModifiedDetails raw)
        || Boolean.TRUE.equals(raw.getIsReadModified())) {
      return failure(StatusCodes.Bad_HistoryOperationUnsupported);
    }
    Cursor cursor;
    ByteString cp = node.getContinuationPoint();
    if (cp != null && cp.isNotNull()) {
      cursor = cursors.remove(cp);
      if (cursor == null || !cursor.nodeId().equals(node.getNodeId())) {
        return failure(StatusCodes.Bad_ContinuationPointInvalid);
      }
    } else {
      DateTime start = raw.getStartTime();
      DateTime end = raw.getEndTime();
      if (start == null || end == null || start.isNull() || end.isNull()) {
        return failure(StatusCodes.Bad_InvalidTimestampArgument);
      }
      if (end.getJavaInstant().isBefore(start.getJavaInstant())) {
        return failure(StatusCodes.Bad_InvalidTimestampArgument);
      }
      long asked = raw.getNumValuesPerNode() == null ? 0 : raw.getNumValuesPerNode().longValue();
      int perCall =
          (int)
              (asked == 0
                  ? options.maxValuesPerRead()
                  : Math.min(asked, options.maxValuesPerRead()));
      cursor = new Cursor(node.getNodeId(), start.getJavaInstant(), end.getJavaInstant(), perCall);
    }
    List<PlantHistory.Sample> samples =
        history.samples(tag.point(), cursor.next(), cursor.end(), cursor.perCall() + 1);
    ByteString next = null;
    if (samples.size() > cursor.perCall()) {
      Instant resume = samples.get(cursor.perCall()).time();
      samples = samples.subList(0, cursor.perCall());
      next = continuationPoint();
      cursors.put(next, new Cursor(cursor.nodeId(), resume, cursor.end(), cursor.perCall()));
    }
    DataValue[] values =
        samples.stream().map(s -> dataValue(tag, s, timestamps)).toArray(DataValue[]::new);
    StatusCode status =
        values.length == 0 ? new StatusCode(StatusCodes.Good_NoData) : StatusCode.GOOD;
    return new HistoryReadResult(
        status,
        next,
        ExtensionObject.encode(server.getStaticEncodingContext(), new HistoryData(values)));
  }

  private static ByteString continuationPoint() {
    UUID id = UUID.randomUUID();
    return ByteString.of(
        ByteBuffer.allocate(16)
            .putLong(id.getMostSignificantBits())
            .putLong(id.getLeastSignificantBits())
            .array());
  }

  private static DataValue dataValue(
      TagSpec tag, PlantHistory.Sample sample, TimestampsToReturn timestamps) {
    double raw = tag.canonicalToRaw().apply(sample.canonical());
    Variant variant =
        switch (tag.type()) {
          case DOUBLE -> new Variant(raw);
          case FLOAT -> new Variant((float) raw);
          case INT32 -> new Variant((int) Math.round(raw));
        };
    DateTime time = new DateTime(sample.time());
    boolean source = timestamps != TimestampsToReturn.Server;
    boolean serverTime = timestamps != TimestampsToReturn.Source;
    return new DataValue(
        variant,
        new StatusCode(sample.statusCode()),
        source ? time : null,
        serverTime ? time : null);
  }

  private static HistoryReadResult failure(long statusCode) {
    return new HistoryReadResult(new StatusCode(statusCode), null, null);
  }

  @Override
  public ReadResponse onRead(ServiceRequestContext context, ReadRequest request)
      throws UaException {
    return delegate.onRead(context, request);
  }

  @Override
  public WriteResponse onWrite(ServiceRequestContext context, WriteRequest request)
      throws UaException {
    return delegate.onWrite(context, request);
  }

  @Override
  public HistoryUpdateResponse onHistoryUpdate(
      ServiceRequestContext context, HistoryUpdateRequest request) throws UaException {
    return delegate.onHistoryUpdate(context, request);
  }
}
