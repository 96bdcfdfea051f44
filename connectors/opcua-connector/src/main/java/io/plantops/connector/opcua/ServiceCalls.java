package io.plantops.connector.opcua;

import static org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.Unsigned.uint;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.eclipse.milo.opcua.sdk.client.OpcUaClient;
import org.eclipse.milo.opcua.sdk.client.OperationLimits;
import org.eclipse.milo.opcua.stack.core.AttributeId;
import org.eclipse.milo.opcua.stack.core.NodeIds;
import org.eclipse.milo.opcua.stack.core.UaException;
import org.eclipse.milo.opcua.stack.core.types.builtin.ByteString;
import org.eclipse.milo.opcua.stack.core.types.builtin.DataValue;
import org.eclipse.milo.opcua.stack.core.types.builtin.ExtensionObject;
import org.eclipse.milo.opcua.stack.core.types.builtin.NodeId;
import org.eclipse.milo.opcua.stack.core.types.builtin.QualifiedName;
import org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.UInteger;
import org.eclipse.milo.opcua.stack.core.types.enumerated.BrowseDirection;
import org.eclipse.milo.opcua.stack.core.types.enumerated.BrowseResultMask;
import org.eclipse.milo.opcua.stack.core.types.enumerated.NodeClass;
import org.eclipse.milo.opcua.stack.core.types.enumerated.TimestampsToReturn;
import org.eclipse.milo.opcua.stack.core.types.structured.BrowseDescription;
import org.eclipse.milo.opcua.stack.core.types.structured.BrowseResult;
import org.eclipse.milo.opcua.stack.core.types.structured.ReadValueId;
import org.eclipse.milo.opcua.stack.core.types.structured.ReferenceDescription;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The connector's bulk Read, Browse and BrowseNext calls, each split so that no request carries
 * more operations than the server's OperationLimits allow (MaxNodesPerRead, MaxNodesPerBrowse,
 * which also bounds the continuation points of one BrowseNext; OPC UA Part 5 §6.3.11): above them a
 * server refuses the whole call with Bad_TooManyOperations (Part 4 §7.39). The limits are read anew
 * for every session, since a restarted or reconfigured server may revise them. CreateMonitoredItems
 * is split by {@link SubscriptionPlanner}; a setpoint Write carries one node.
 */
public final class ServiceCalls {

  private static final Logger LOG = LoggerFactory.getLogger(ServiceCalls.class);

  /** Operations per call when the server advertises no limit: keeps messages reasonably small. */
  public static final int DEFAULT_PER_CALL = 1000;

  /**
   * The limits in force; each is at least 1.
   *
   * @param nodesPerRead MaxNodesPerRead, or {@link #DEFAULT_PER_CALL}
   * @param nodesPerBrowse MaxNodesPerBrowse, or {@link #DEFAULT_PER_CALL}
   * @param monitoredItemsPerCall MaxMonitoredItemsPerCall, 0 when none is advertised
   */
  public record Limits(int nodesPerRead, int nodesPerBrowse, long monitoredItemsPerCall) {}

  private final OpcUaClient client;
  private final Limits limits;

  private ServiceCalls(OpcUaClient client, Limits limits) {
    this.client = client;
    this.limits = limits;
  }

  /**
   * Calls on {@code client} within the limits the server advertises, as the client last read them
   * ({@link MappedNodes} reads them anew on every connect and reconnect).
   */
  public static ServiceCalls of(OpcUaClient client) {
    OperationLimits advertised;
    try {
      advertised = client.getOperationLimits();
    } catch (UaException e) {
      LOG.warn(
          "cannot read the server's OperationLimits ({}); calls carry at most {} operations",
          e.getStatusCode(),
          DEFAULT_PER_CALL);
      return new ServiceCalls(client, new Limits(DEFAULT_PER_CALL, DEFAULT_PER_CALL, 0));
    }
    return new ServiceCalls(
        client,
        new Limits(
            perCall(advertised.maxNodesPerRead()),
            perCall(advertised.maxNodesPerBrowse()),
            advertised.maxMonitoredItemsPerCall().map(UInteger::longValue).orElse(0L)));
  }

  /** Calls within {@code limits}, for tests. */
  static ServiceCalls of(OpcUaClient client, Limits limits) {
    return new ServiceCalls(client, limits);
  }

  private static int perCall(Optional<UInteger> advertised) {
    long n = advertised.map(UInteger::longValue).orElse(0L);
    return n <= 0 ? DEFAULT_PER_CALL : (int) Math.min(n, DEFAULT_PER_CALL);
  }

  /** The limits in force. */
  public Limits limits() {
    return limits;
  }

  /** The client the calls go to. */
  public OpcUaClient client() {
    return client;
  }

  /** Reads {@code ids} in as many calls as MaxNodesPerRead needs; results in the same order. */
  public List<DataValue> read(List<ReadValueId> ids) throws UaException {
    List<DataValue> values = new ArrayList<>(ids.size());
    for (List<ReadValueId> call : calls(ids, limits.nodesPerRead())) {
      values.addAll(List.of(client.read(0, TimestampsToReturn.Neither, call).getResults()));
    }
    return values;
  }

  /**
   * Browses {@code descriptions} in as many calls as MaxNodesPerBrowse needs, and follows every
   * continuation point with BrowseNext calls of the same size; returns every reference of each
   * description, in the same order.
   */
  public List<List<ReferenceDescription>> browse(List<BrowseDescription> descriptions)
      throws UaException {
    List<List<ReferenceDescription>> all = new ArrayList<>(descriptions.size());
    for (List<BrowseDescription> call : calls(descriptions, limits.nodesPerBrowse())) {
      List<BrowseResult> results = client.browse(call);
      List<List<ReferenceDescription>> refs = new ArrayList<>(call.size());
      List<Integer> pending = new ArrayList<>();
      List<ByteString> points = new ArrayList<>();
      for (int i = 0; i < results.size(); i++) {
        refs.add(new ArrayList<>(references(results.get(i))));
        continuation(results.get(i))
            .ifPresent(
                cp -> {
                  pending.add(refs.size() - 1);
                  points.add(cp);
                });
      }
      while (!points.isEmpty()) {
        List<Integer> nextPending = new ArrayList<>();
        List<ByteString> nextPoints = new ArrayList<>();
        for (int from = 0; from < points.size(); from += limits.nodesPerBrowse()) {
          int to = Math.min(points.size(), from + limits.nodesPerBrowse());
          BrowseResult[] next = client.browseNext(false, points.subList(from, to)).getResults();
          for (int j = 0; j < next.length; j++) {
            int owner = pending.get(from + j);
            refs.get(owner).addAll(references(next[j]));
            Optional<ByteString> cp = continuation(next[j]);
            if (cp.isPresent()) {
              nextPending.add(owner);
              nextPoints.add(cp.get());
            }
          }
        }
        pending.clear();
        pending.addAll(nextPending);
        points.clear();
        points.addAll(nextPoints);
      }
      all.addAll(refs);
    }
    return all;
  }

  /**
   * The values of the properties named {@code names} (HasProperty, by browse name) of each node of
   * {@code ids}: one map per node, in the same order, without the properties a node lacks or whose
   * value cannot be read. Structures (EUInformation, Range) come decoded.
   */
  public List<Map<String, Object>> properties(List<NodeId> ids, Set<String> names)
      throws UaException {
    List<BrowseDescription> requests =
        ids.stream()
            .map(
                id ->
                    new BrowseDescription(
                        id,
                        BrowseDirection.Forward,
                        NodeIds.HasProperty,
                        false,
                        uint(NodeClass.Variable.getValue()),
                        uint(BrowseResultMask.All.getValue())))
            .toList();
    List<List<ReferenceDescription>> results = browse(requests);
    List<Integer> owners = new ArrayList<>();
    List<String> found = new ArrayList<>();
    List<ReadValueId> reads = new ArrayList<>();
    for (int i = 0; i < ids.size(); i++) {
      for (ReferenceDescription ref : results.get(i)) {
        String name = ref.getBrowseName() == null ? "" : ref.getBrowseName().name();
        if (!names.contains(name)) {
          continue;
        }
        Optional<NodeId> property = ref.getNodeId().toNodeId(client.getNamespaceTable());
        if (property.isPresent()) {
          owners.add(i);
          found.add(name);
          reads.add(
              new ReadValueId(
                  property.get(), AttributeId.Value.uid(), null, QualifiedName.NULL_VALUE));
        }
      }
    }
    List<Map<String, Object>> result = new ArrayList<>(ids.size());
    for (int i = 0; i < ids.size(); i++) {
      result.add(new HashMap<>());
    }
    List<DataValue> values = read(reads);
    for (int i = 0; i < reads.size(); i++) {
      Object v = values.get(i).statusCode().isGood() ? values.get(i).value().value() : null;
      if (v instanceof ExtensionObject xo) {
        v = xo.decode(client.getStaticEncodingContext());
      }
      if (v != null) {
        result.get(owners.get(i)).put(found.get(i), v);
      }
    }
    return result;
  }

  private static List<ReferenceDescription> references(BrowseResult r) {
    return r.getReferences() == null ? List.of() : List.of(r.getReferences());
  }

  private static Optional<ByteString> continuation(BrowseResult r) {
    ByteString cp = r.getContinuationPoint();
    return cp == null || cp.isNull() || cp.length() == 0 ? Optional.empty() : Optional.of(cp);
  }

  /** {@code items} cut into consecutive calls of at most {@code max}. */
  static <T> List<List<T>> calls(List<T> items, int max) {
    List<List<T>> calls = new ArrayList<>();
    for (int from = 0; from < items.size(); from += max) {
      calls.add(items.subList(from, Math.min(items.size(), from + max)));
    }
    return calls;
  }
}
