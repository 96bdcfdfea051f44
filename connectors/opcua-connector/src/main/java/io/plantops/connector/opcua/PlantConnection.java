package io.plantops.connector.opcua;

import io.plantops.connector.mapping.SignalStore;
import io.plantops.contract.ConnectorStatus.RefusedSignal;
import io.plantops.contract.HostAliases;
import io.plantops.contract.ResolvedPlantConfig;
import io.plantops.contract.SessionState;
import io.plantops.contract.rules.Backoff;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.eclipse.milo.opcua.sdk.client.OpcUaClient;
import org.eclipse.milo.opcua.stack.core.types.builtin.NodeId;

/**
 * Everything the connector does over OPC UA for one config, put together: the {@link PlantSession}
 * and its parts, in the order a new session establishes them: {@link MappedNodes} (NodeIds against
 * the server's NamespaceArray), {@link ServerUnits} (EngineeringUnits against the mappings' units),
 * {@link PlantSubscriptions} (notifications into the {@link SignalStore}) and the {@link
 * SetpointWriter}.
 */
public final class PlantConnection implements AutoCloseable {

  private final PlantSession session;
  private final PlantSubscriptions subscriptions;
  private final SetpointWriter writer;
  private final MappedNodes nodes;
  private final List<PlantSession.Part> parts;

  /**
   * The connection of {@code config}, not started.
   *
   * @param nodes the checked NodeIds of the store's signals
   * @param backoff the delays between connection attempts
   */
  public PlantConnection(
      ResolvedPlantConfig config,
      SignalStore store,
      MappedNodes nodes,
      HostAliases aliases,
      Function<String, Path> resolve,
      Clock clock,
      OpcUaTuning tuning,
      GapRecorder gaps,
      Backoff backoff) {
    this.session = new PlantSession(config, aliases, resolve, tuning, backoff);
    this.subscriptions =
        new PlantSubscriptions(session, store, nodes, gaps, clock, tuning.recoveryWindowMs());
    this.writer = new SetpointWriter(session, store, nodes, tuning.requestTimeoutMs());
    this.nodes = nodes;
    this.parts = List.of(nodes, new ServerUnits(nodes, store), subscriptions, writer);
  }

  /** Starts connecting in the background. */
  public void start() {
    session.start(parts);
  }

  /** The session state. */
  public SessionState state() {
    return session.state();
  }

  /** Why the session is not connected, or empty. */
  public Optional<String> message() {
    return session.message();
  }

  /** The subscriptions and what they monitor. */
  public PlantSubscriptions subscriptions() {
    return subscriptions;
  }

  /** The signals refused on the current session (namespace moved, units do not match). */
  public List<RefusedSignal> refusedSignals() {
    return nodes.refused();
  }

  /** The NodeId of the signal at {@code index} on the current session; empty when it is refused. */
  public Optional<NodeId> node(int index) {
    return nodes.node(index);
  }

  /** The setpoint writer. */
  public PlantWriter writer() {
    return writer;
  }

  /** The connected client, for browsing. */
  public Optional<OpcUaClient> client() {
    return session.client();
  }

  @Override
  public void close() {
    session.close();
  }
}
