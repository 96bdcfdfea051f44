package io.plantops.connector.opcua;

import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.eclipse.milo.opcua.sdk.client.OpcUaClient;
import org.eclipse.milo.opcua.stack.core.types.builtin.ByteString;
import org.eclipse.milo.opcua.stack.core.types.builtin.DataValue;
import org.eclipse.milo.opcua.stack.core.types.builtin.StatusCode;
import org.eclipse.milo.opcua.stack.core.types.enumerated.TimestampsToReturn;
import org.eclipse.milo.opcua.stack.core.types.structured.HistoryData;
import org.eclipse.milo.opcua.stack.core.types.structured.HistoryReadResult;
import org.eclipse.milo.opcua.stack.core.types.structured.HistoryReadValueId;
import org.eclipse.milo.opcua.stack.core.types.structured.ReadRawModifiedDetails;

/** One HistoryRead call (OPC UA Part 4 §5.10.3), its results decoded. */
@FunctionalInterface
interface HistoryCall {

  /**
   * The result of one node.
   *
   * @param status the operation's status
   * @param continuationPoint where to go on, null when the node is done
   * @param values the values returned, empty when none
   */
  record NodeResult(StatusCode status, ByteString continuationPoint, List<DataValue> values) {}

  /** Reads (or, with {@code release}, releases the continuation points of) {@code nodes}. */
  CompletableFuture<List<NodeResult>> call(
      ReadRawModifiedDetails details, List<HistoryReadValueId> nodes, boolean release);

  /** The call on a Milo client, source timestamps requested. */
  static HistoryCall of(OpcUaClient client) {
    return (details, nodes, release) ->
        client
            .historyReadAsync(details, TimestampsToReturn.Source, release, nodes)
            .thenApply(
                response -> {
                  HistoryReadResult[] results = response.getResults();
                  if (results == null || results.length != nodes.size()) {
                    throw new IllegalStateException(
                        "the server answered "
                            + (results == null ? 0 : results.length)
                            + " results for "
                            + nodes.size()
                            + " nodes");
                  }
                  return Arrays.stream(results).map(r -> decode(client, r)).toList();
                });
  }

  private static NodeResult decode(OpcUaClient client, HistoryReadResult r) {
    List<DataValue> values = List.of();
    // a failed operation carries an empty ExtensionObject (encoding id i=0): nothing to decode
    if (!r.getStatusCode().isBad() && r.getHistoryData() != null && !r.getHistoryData().isNull()) {
      Object data = r.getHistoryData().decode(client.getStaticEncodingContext());
      if (data instanceof HistoryData h && h.getDataValues() != null) {
        values = Arrays.asList(h.getDataValues());
      }
    }
    ByteString cp = r.getContinuationPoint();
    return new NodeResult(r.getStatusCode(), cp != null && cp.isNotNull() ? cp : null, values);
  }
}
