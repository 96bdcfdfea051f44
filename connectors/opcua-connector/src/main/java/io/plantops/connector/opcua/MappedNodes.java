package io.plantops.connector.opcua;

import io.plantops.connector.mapping.SignalTable;
import io.plantops.contract.ConfigException;
import io.plantops.contract.opcua.NodeIdSyntax;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.eclipse.milo.opcua.sdk.client.OpcUaClient;
import org.eclipse.milo.opcua.stack.core.NamespaceTable;
import org.eclipse.milo.opcua.stack.core.UaException;
import org.eclipse.milo.opcua.stack.core.UaRuntimeException;
import org.eclipse.milo.opcua.stack.core.types.builtin.ExpandedNodeId;
import org.eclipse.milo.opcua.stack.core.types.builtin.NodeId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Milo NodeId of every mapped signal. Each mapping's text is checked with the project's one
 * NodeId syntax ({@link NodeIdSyntax}) before Milo parses it, so a malformed NodeId refuses the
 * config with a message that names the signal. A NodeId given by namespace URI ({@code nsu=}) is
 * resolved against the server's namespace table whenever a session is established, since the server
 * may number its namespaces differently after a restart (OPC UA Part 6 §5.3.1.10).
 */
public final class MappedNodes implements PlantSession.Part {

  private static final Logger LOG = LoggerFactory.getLogger(MappedNodes.class);

  private final SignalTable table;
  private final String[] namespaceUris;
  private final NodeId[] nodes;

  private MappedNodes(SignalTable table, String[] namespaceUris, NodeId[] nodes) {
    this.table = table;
    this.namespaceUris = namespaceUris;
    this.nodes = nodes;
  }

  /**
   * Checks and parses the NodeId of every signal of {@code table}.
   *
   * @throws ConfigException naming every signal whose NodeId is malformed, and what is wrong
   */
  public static MappedNodes of(SignalTable table) throws ConfigException {
    int n = table.size();
    String[] uris = new String[n];
    NodeId[] nodes = new NodeId[n];
    List<String> problems = new ArrayList<>();
    for (SignalTable.Entry e : table.entries()) {
      String text = e.mapping().nodeId();
      NodeIdSyntax.Result parsed = NodeIdSyntax.parse(text);
      if (!parsed.valid()) {
        problems.add(
            "signals["
                + e.index()
                + "] ("
                + e.name()
                + ").nodeId "
                + parsed.problem().orElseThrow()
                + "; correct the nodeId of "
                + e.name()
                + " in the plant's TagMapping");
        continue;
      }
      Optional<String> uri = parsed.nodeId().orElseThrow().namespaceUri();
      if (uri.isPresent()) {
        uris[e.index()] = uri.get();
        continue;
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
    return new MappedNodes(table, uris, nodes);
  }

  /** Resolves the {@code nsu=} NodeIds against the server's namespace table. */
  @Override
  public void establish(OpcUaClient client) throws UaException {
    if (Arrays.stream(namespaceUris).allMatch(u -> u == null)) {
      return;
    }
    NamespaceTable namespaces = client.readNamespaceTable();
    synchronized (nodes) {
      for (int i = 0; i < nodes.length; i++) {
        if (namespaceUris[i] == null) {
          continue;
        }
        String text = table.get(i).mapping().nodeId();
        Optional<NodeId> resolved = ExpandedNodeId.parse(text).toNodeId(namespaces);
        nodes[i] = resolved.orElse(null);
        if (resolved.isEmpty()) {
          LOG.error(
              "the server has no namespace {}: {} ({}) cannot be read or written; check the"
                  + " TagMapping's nodeId against the server's NamespaceArray",
              namespaceUris[i],
              table.name(i),
              text);
        }
      }
    }
  }

  /** The signals whose NodeIds these are. */
  public SignalTable table() {
    return table;
  }

  /**
   * The NodeId of the signal at {@code index}; empty when it names a namespace URI the server does
   * not have.
   */
  public Optional<NodeId> node(int index) {
    synchronized (nodes) {
      return Optional.ofNullable(nodes[index]);
    }
  }
}
