package io.plantops.connector.opcua;

import io.plantops.connector.mapping.SignalTable;
import io.plantops.contract.ConfigException;
import io.plantops.contract.ConnectorStatus.RefusedSignal;
import io.plantops.contract.ResolvedPlantConfig.SignalMapping;
import io.plantops.contract.SignalRefusal;
import io.plantops.contract.opcua.NodeIdSyntax;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.eclipse.milo.opcua.sdk.client.OpcUaClient;
import org.eclipse.milo.opcua.stack.core.NamespaceTable;
import org.eclipse.milo.opcua.stack.core.UaException;
import org.eclipse.milo.opcua.stack.core.UaRuntimeException;
import org.eclipse.milo.opcua.stack.core.types.builtin.ExpandedNodeId;
import org.eclipse.milo.opcua.stack.core.types.builtin.NodeId;
import org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.UShort;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Milo NodeId of every mapped signal, resolved against the server's NamespaceArray on every
 * connect and reconnect, since a server may number its namespaces differently after a restart: only
 * the URIs are stable (OPC UA Part 3 §8.2.2, Part 4 §5.4).
 *
 * <ul>
 *   <li>Each mapping's text is checked with the project's one NodeId syntax ({@link NodeIdSyntax})
 *       before Milo parses it, so a malformed NodeId refuses the config with a message that names
 *       the signal.
 *   <li>A NodeId given by namespace URI ({@code nsu=}) is resolved to the index the server uses
 *       now.
 *   <li>A NodeId given by index ({@code ns=N}, N &gt; 0) is checked against the URI the connector
 *       first saw at that index ({@link NamespaceRecord}); when the server now has another URI
 *       there, the signal is refused, never read from the other namespace: a stale index can point
 *       at another tag with a Good status and a plausible value.
 * </ul>
 *
 * A refused signal is neither monitored nor written; the others keep running. Refusals are in
 * {@link #refused()}, with the TagMapping, the entry, the NodeId and the fix.
 */
public final class MappedNodes implements PlantSession.Part {

  private static final Logger LOG = LoggerFactory.getLogger(MappedNodes.class);

  private final SignalTable table;
  private final NodeIdSyntax.NodeId[] parsed;
  private final NodeId[] nodes;
  private final RefusedSignal[] refused;
  private final NamespaceRecord record;
  private final String endpoint;
  private final Clock clock;

  private MappedNodes(
      SignalTable table,
      NodeIdSyntax.NodeId[] parsed,
      NodeId[] nodes,
      NamespaceRecord record,
      String endpoint,
      Clock clock) {
    this.table = table;
    this.parsed = parsed;
    this.nodes = nodes;
    this.refused = new RefusedSignal[nodes.length];
    this.record = record;
    this.endpoint = endpoint;
    this.clock = clock;
  }

  /**
   * Checks and parses the NodeId of every signal of {@code table}, remembering namespaces in memory
   * only (tests, tools).
   */
  public static MappedNodes of(SignalTable table) throws ConfigException {
    return of(table, NamespaceRecord.inMemory(), "", Clock.systemUTC());
  }

  /**
   * Checks and parses the NodeId of every signal of {@code table}.
   *
   * @param record where the namespace URI first seen at each index of {@code endpoint} is kept
   * @throws ConfigException naming every signal whose NodeId is malformed, and what is wrong
   */
  public static MappedNodes of(
      SignalTable table, NamespaceRecord record, String endpoint, Clock clock)
      throws ConfigException {
    int n = table.size();
    NodeIdSyntax.NodeId[] parsed = new NodeIdSyntax.NodeId[n];
    NodeId[] nodes = new NodeId[n];
    List<String> problems = new ArrayList<>();
    for (SignalTable.Entry e : table.entries()) {
      String text = e.mapping().nodeId();
      NodeIdSyntax.Result result = NodeIdSyntax.parse(text);
      if (!result.valid()) {
        problems.add(
            "signals["
                + e.index()
                + "] ("
                + e.name()
                + ").nodeId "
                + result.problem().orElseThrow()
                + "; correct the nodeId of "
                + e.mapping().where());
        continue;
      }
      parsed[e.index()] = result.nodeId().orElseThrow();
      if (parsed[e.index()].namespaceUri().isPresent()) {
        continue; // resolved on every connect
      }
      try {
        nodes[e.index()] = NodeId.parse(text);
      } catch (UaRuntimeException x) {
        // the shared syntax accepted it: a difference between it and Milo, named as such
        problems.add(
            "signals["
                + e.index()
                + "] ("
                + e.name()
                + ").nodeId '"
                + text
                + "' is valid OPC UA syntax that Eclipse Milo cannot parse ("
                + x.getStatusCode()
                + ")");
      }
    }
    if (!problems.isEmpty()) {
      throw new ConfigException(problems);
    }
    return new MappedNodes(table, parsed, nodes, record, endpoint, clock);
  }

  /**
   * Reads the server's NamespaceArray and resolves every NodeId against it: {@code nsu=} to the
   * index the server uses now, {@code ns=N} checked against the URI first seen at N. Reads the
   * server's OperationLimits anew too, for every later call of the session ({@link ServiceCalls}).
   */
  @Override
  public void establish(OpcUaClient client) throws UaException {
    try {
      client.readOperationLimits();
    } catch (UaException e) {
      // ServiceCalls falls back to its default; the session is not refused for this
      LOG.warn("cannot read the server's OperationLimits: {}", e.getStatusCode());
    }
    NamespaceTable namespaces = client.readNamespaceTable();
    synchronized (nodes) {
      for (SignalTable.Entry e : table.entries()) {
        int i = e.index();
        refused[i] = null;
        resolve(e, namespaces);
      }
    }
    for (RefusedSignal r : refused()) {
      LOG.error("{}", r.message());
    }
  }

  private void resolve(SignalTable.Entry e, NamespaceTable namespaces) {
    int i = e.index();
    NodeIdSyntax.NodeId id = parsed[i];
    SignalMapping m = e.mapping();
    if (id.namespaceUri().isPresent()) {
      String uri = id.namespaceUri().get();
      Optional<NodeId> resolved = ExpandedNodeId.parse(m.nodeId()).toNodeId(namespaces);
      nodes[i] = resolved.orElse(null);
      if (resolved.isEmpty()) {
        refuse(
            e,
            SignalRefusal.NamespaceMissing,
            "the server's NamespaceArray has no namespace '"
                + uri
                + "'; check the URI against the server's NamespaceArray (browse prints the nodeIds"
                + " by URI)");
      }
      return;
    }
    nodes[i] = NodeId.parse(m.nodeId());
    if (!id.byIndex()) {
      return; // namespace 0 is the OPC UA namespace, fixed by the standard
    }
    int index = id.namespaceIndex().orElseThrow();
    String now = namespaces.get(index);
    Optional<NamespaceRecord.Seen> before = record.get(endpoint, index);
    if (now == null && before.isEmpty()) {
      refuse(
          e,
          SignalRefusal.NamespaceMissing,
          "the server has no namespace at index "
              + index
              + " (its NamespaceArray has "
              + namespaces.toArray().length
              + " entries); name the node by namespace URI ("
              + id.withNamespaceUri("<uri>").text()
              + ")");
      return;
    }
    NamespaceRecord.Seen first =
        before.orElseGet(() -> record.seen(endpoint, index, now, clock.instant()));
    if (Objects.equals(first.uri(), now)) {
      return;
    }
    UShort moved = namespaces.getIndex(first.uri());
    String fix =
        NodeIdSyntax.byNamespaceUri(m.nodeId(), first.uri())
            .map(t -> "write the nodeId as '" + t + "'")
            .orElse("name the node by its namespace URI (nsu=)");
    refuse(
        e,
        SignalRefusal.NamespaceMoved,
        "namespace index "
            + index
            + " was '"
            + first.uri()
            + "' when the connector first connected ("
            + first.firstSeen()
            + "); the server now has "
            + (now == null ? "no namespace" : "'" + now + "'")
            + " there"
            + (moved == null
                ? " and no longer has '" + first.uri() + "'"
                : " and '" + first.uri() + "' at index " + moved)
            + ". Reading ns="
            + index
            + " now would read another namespace's node, so the signal is refused; "
            + fix);
  }

  private void refuse(SignalTable.Entry e, SignalRefusal reason, String why) {
    SignalMapping m = e.mapping();
    nodes[e.index()] = null;
    refused[e.index()] =
        new RefusedSignal(
            m.signal(),
            m.tagMapping(),
            m.nodeId(),
            reason,
            m.where() + ": nodeId '" + m.nodeId() + "' refused: " + why);
  }

  /**
   * Refuses the signal at {@code index} on this session: it is neither monitored nor written.
   *
   * @param why what is wrong and the fix, without the signal's name (the message adds it)
   */
  public void refuse(int index, SignalRefusal reason, String why) {
    synchronized (nodes) {
      refuse(table.get(index), reason, why);
    }
    LOG.error("{}", refused[index].message());
  }

  /** The signals refused on the current session, in table order. */
  public List<RefusedSignal> refused() {
    synchronized (nodes) {
      List<RefusedSignal> list = new ArrayList<>();
      for (RefusedSignal r : refused) {
        if (r != null) {
          list.add(r);
        }
      }
      return list;
    }
  }

  /**
   * The namespace URI the resolved NodeId of the signal at {@code index} must be in: its {@code
   * nsu=} URI, or the URI first seen at its {@code ns=N} index; empty for namespace 0.
   */
  public Optional<String> namespaceUri(int index) {
    NodeIdSyntax.NodeId id = parsed[index];
    if (id.namespaceUri().isPresent()) {
      return id.namespaceUri();
    }
    if (!id.byIndex()) {
      return Optional.empty();
    }
    return record.get(endpoint, id.namespaceIndex().orElseThrow()).map(NamespaceRecord.Seen::uri);
  }

  /** The signals whose NodeIds these are. */
  public SignalTable table() {
    return table;
  }

  /**
   * The NodeId of the signal at {@code index}; empty when it is refused (its namespace is missing
   * or moved, or its units do not match).
   */
  public Optional<NodeId> node(int index) {
    synchronized (nodes) {
      return Optional.ofNullable(nodes[index]);
    }
  }
}
