package io.plantops.connector.opcua;

import static org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.Unsigned.uint;

import io.plantops.connector.mapping.SignalStore;
import io.plantops.connector.mapping.SignalTable;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.eclipse.milo.opcua.sdk.client.OpcUaClient;
import org.eclipse.milo.opcua.sdk.client.subscriptions.OpcUaMonitoredItem;
import org.eclipse.milo.opcua.sdk.client.subscriptions.OpcUaSubscription;
import org.eclipse.milo.opcua.stack.core.AttributeId;
import org.eclipse.milo.opcua.stack.core.NodeIds;
import org.eclipse.milo.opcua.stack.core.StatusCodes;
import org.eclipse.milo.opcua.stack.core.UaException;
import org.eclipse.milo.opcua.stack.core.types.builtin.DataValue;
import org.eclipse.milo.opcua.stack.core.types.builtin.DateTime;
import org.eclipse.milo.opcua.stack.core.types.builtin.QualifiedName;
import org.eclipse.milo.opcua.stack.core.types.builtin.StatusCode;
import org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.UInteger;
import org.eclipse.milo.opcua.stack.core.types.structured.ReadValueId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The session's subscriptions: one monitored item per mapped signal, split across subscriptions and
 * calls within the limits the server advertises ({@link SubscriptionPlanner}); every notification
 * mapped into the {@link SignalStore}; subscriptions the server lost re-created; every interruption
 * of the data reported to the {@link GapRecorder}.
 *
 * <p>Values are reported by exception (OPC UA Part 4 §5.12.1): a value that does not change sends
 * nothing. What keeps it valid is the health of its subscription, which this class reports to the
 * store: every publish response, data or keep-alive, and the revised keep-alive period of each
 * subscription ({@link SignalStore#subscribed}); a lost session makes every value stale until a
 * subscription answers again.
 */
public final class PlantSubscriptions implements PlantSession.Part {

  private static final Logger LOG = LoggerFactory.getLogger(PlantSubscriptions.class);

  private final PlantSession session;
  private final SignalStore store;
  private final MappedNodes nodes;
  private final GapRecorder gaps;
  private final Clock clock;
  private final long recoveryWindowMs;
  private final List<OpcUaSubscription> subscriptions = new ArrayList<>();
  private final List<Listener> listeners = new ArrayList<>();
  private volatile SubscriptionPlanner.Limits limits;
  private volatile int monitoredItems;
  private volatile List<String> unmonitored = List.of();

  /**
   * Subscriptions for every signal of {@code store}, created when {@code session} is established.
   *
   * @param recoveryWindowMs how long a connection loss the server's queues should bridge
   */
  public PlantSubscriptions(
      PlantSession session,
      SignalStore store,
      MappedNodes nodes,
      GapRecorder gaps,
      Clock clock,
      long recoveryWindowMs) {
    this.session = session;
    this.store = store;
    this.nodes = nodes;
    this.gaps = gaps;
    this.clock = clock;
    this.recoveryWindowMs = recoveryWindowMs;
  }

  /**
   * Reads the server's limits and creates every subscription (the old ones died with their
   * session).
   */
  @Override
  public void establish(OpcUaClient client) throws UaException {
    synchronized (subscriptions) {
      subscriptions.clear();
      // the store's slots are about to be reused: a late response of an old subscription must not
      // vouch for the signals of a new one
      listeners.forEach(Listener::retire);
      listeners.clear();
      store.unsubscribed();
    }
    limits = readLimits(client);
    subscribe(client);
    LOG.info(
        "{} monitored items in {} subscriptions, server limits {}",
        monitoredItems,
        subscriptionCount(),
        limits);
  }

  /** Deletes what is left of the subscriptions on the server, then creates them again. */
  @Override
  public void reestablish(OpcUaClient client) throws UaException {
    synchronized (subscriptions) {
      for (OpcUaSubscription s : subscriptions) {
        try {
          s.delete();
        } catch (UaException e) {
          // already gone on the server, which is why we are here; reset is enough
          s.reset();
        }
      }
    }
    establish(client);
  }

  /** Its subscriptions move to a new session, or their failed transfer re-creates them. */
  @Override
  public boolean transfersToNewSession() {
    synchronized (subscriptions) {
      return !subscriptions.isEmpty();
    }
  }

  @Override
  public void sessionLost() {
    store.sessionLost();
    gaps.interrupted(GapRecorder.Cause.SESSION_LOST, clock.millis(), store.lastNotificationMs());
  }

  /**
   * Reads the limits the server advertises now (OperationLimits and ServerCapabilities), within its
   * MaxNodesPerRead; an absent node means no limit.
   */
  static SubscriptionPlanner.Limits readLimits(OpcUaClient c) throws UaException {
    ServiceCalls calls = ServiceCalls.of(c);
    List<DataValue> values =
        calls.read(
            List.of(
                new ReadValueId(
                    NodeIds.Server_ServerCapabilities_MaxMonitoredItemsPerSubscription,
                    AttributeId.Value.uid(),
                    null,
                    QualifiedName.NULL_VALUE),
                new ReadValueId(
                    NodeIds.Server_ServerCapabilities_MaxSubscriptionsPerSession,
                    AttributeId.Value.uid(),
                    null,
                    QualifiedName.NULL_VALUE)));
    return new SubscriptionPlanner.Limits(
        calls.limits().monitoredItemsPerCall(), limit(values.get(0)), limit(values.get(1)));
  }

  private static long limit(DataValue v) {
    Object o = v.statusCode().isGood() ? v.value().value() : null;
    return o instanceof Number n ? n.longValue() : 0;
  }

  private void subscribe(OpcUaClient c) throws UaException {
    SignalTable table = store.table();
    List<SubscriptionPlanner.Item> items = new ArrayList<>();
    for (SignalTable.Entry e : table.entries()) {
      if (nodes.node(e.index()).isPresent()) {
        items.add(new SubscriptionPlanner.Item(e.index(), e.mapping().samplingIntervalMs()));
      }
    }
    SubscriptionPlanner.Plan plan = SubscriptionPlanner.plan(items, limits);
    unmonitored = plan.unplanned().stream().map(table::name).toList();
    if (!unmonitored.isEmpty()) {
      LOG.error(
          "the server's limits {} leave no room for {}: they are not monitored",
          limits,
          unmonitored);
    }
    int created = 0;
    long coverage = Long.MAX_VALUE;
    synchronized (subscriptions) {
      for (SubscriptionPlanner.SubscriptionPlan p : plan.subscriptions()) {
        OpcUaSubscription subscription = new OpcUaSubscription(c, p.publishingIntervalMs());
        subscription.setMaxMonitoredItemsPerCall(uint(plan.perCall()));
        Listener listener = new Listener();
        listeners.add(listener);
        subscription.setSubscriptionListener(listener);
        subscription.create();
        // the slot exists before the items, so that their initial values already count as a
        // publish response: under report by exception nothing else may come for a keep-alive period
        listener.slot =
            store.subscribed(
                keepAlivePeriodMs(subscription),
                p.calls().stream().flatMap(List::stream).mapToInt(Integer::intValue).toArray());
        for (List<Integer> call : p.calls()) {
          List<OpcUaMonitoredItem> chunk = new ArrayList<>(call.size());
          for (int index : call) {
            chunk.add(
                MappedItem.of(
                    index,
                    nodes.node(index).orElseThrow(),
                    table.get(index).mapping().samplingIntervalMs(),
                    recoveryWindowMs));
          }
          subscription.addMonitoredItems(chunk);
        }
        created += createItems(subscription, p.calls());
        subscriptions.add(subscription);
        coverage = Math.min(coverage, coverage(subscription));
      }
    }
    monitoredItems = created;
    gaps.coverage(coverage);
  }

  /**
   * The subscription's keep-alive period as the server revised it: revised publishing interval ×
   * revised max keep-alive count (OPC UA Part 4 §5.13.1). The server sends a keep-alive at least
   * this often when no value changed.
   */
  static long keepAlivePeriodMs(OpcUaSubscription subscription) {
    double interval =
        subscription.getRevisedPublishingInterval().orElse(subscription.getPublishingInterval());
    long count =
        subscription
            .getRevisedMaxKeepAliveCount()
            .orElse(subscription.getMaxKeepAliveCount())
            .longValue();
    return (long) Math.ceil(interval * Math.max(1, count));
  }

  /** Creates the items of a subscription call by call; returns how many were created. */
  private int createItems(OpcUaSubscription subscription, List<List<Integer>> calls) {
    int created = 0;
    for (List<Integer> call : calls) {
      Set<Integer> indexes = new HashSet<>(call);
      var results =
          subscription.createMonitoredItems(
              item -> item instanceof MappedItem m && indexes.contains(m.index));
      for (var result : results) {
        MappedItem item = (MappedItem) result.monitoredItem();
        StatusCode status = result.operationResult().orElse(result.serviceResult());
        if (status.isGood()) {
          created++;
          item.getRevisedSamplingInterval()
              .ifPresent(revised -> store.revisedInterval(item.index, revised));
        } else {
          LOG.error(
              "cannot monitor {} ({}): {}; check the TagMapping's nodeId",
              store.table().name(item.index),
              item.getReadValueId().getNodeId().toParseableString(),
              status);
        }
      }
    }
    return created;
  }

  /** How long a gap the server's queues of this subscription bridge: the smallest over items. */
  private static long coverage(OpcUaSubscription subscription) {
    long min = Long.MAX_VALUE;
    for (OpcUaMonitoredItem item : subscription.getMonitoredItems()) {
      long queue = item.getRevisedQueueSize().map(UInteger::longValue).orElse(1L);
      double interval = item.getRevisedSamplingInterval().orElse(item.getSamplingInterval());
      min = Math.min(min, (long) (queue * interval));
    }
    return min;
  }

  /** The server lost subscriptions: what it queued for them is gone; create them again. */
  private void recreate() {
    gaps.subscriptionsRecreated(clock.millis(), store.lastNotificationMs());
    session.reestablish();
  }

  private final class Listener implements OpcUaSubscription.SubscriptionListener {
    /** The subscription's slot in the store; -1 until it is created, or once it is replaced. */
    private volatile int slot = -1;

    void retire() {
      slot = -1;
    }

    @Override
    public void onKeepAliveReceived(OpcUaSubscription subscription) {
      int s = slot;
      if (s >= 0) {
        store.published(s, clock.millis());
      }
    }

    @Override
    public void onDataReceived(
        OpcUaSubscription subscription, List<OpcUaMonitoredItem> items, List<DataValue> values) {
      long now = clock.millis();
      int s = slot;
      if (s < 0) {
        // a late response of a subscription that has been replaced: its slot is no longer its own
        return;
      }
      store.published(s, now);
      for (int i = 0; i < items.size(); i++) {
        OpcUaMonitoredItem item = items.get(i);
        if (item instanceof MappedItem m) {
          map(store, m.index, values.get(i), now);
        } else {
          store.unknownItem();
        }
      }
      gaps.dataArrived(now);
    }

    @Override
    public void onTransferFailed(OpcUaSubscription subscription, StatusCode status) {
      LOG.warn(
          "a subscription could not be transferred to the new session ({}): re-creating all",
          status);
      recreate();
    }

    @Override
    public void onWatchdogTimerElapsed(OpcUaSubscription subscription) {
      LOG.warn(
          "no publish response for subscription {} within its keep-alive: re-creating it",
          subscription.getSubscriptionId().orElse(null));
      gaps.interrupted(
          GapRecorder.Cause.PUBLISH_WATCHDOG, clock.millis(), store.lastNotificationMs());
      recreate();
    }

    @Override
    public void onNotificationDataLost(OpcUaSubscription subscription) {
      gaps.notificationsLost(clock.millis(), store.lastNotificationMs());
    }

    @Override
    public void onStatusChanged(OpcUaSubscription subscription, StatusCode status) {
      if (status.getValue() == StatusCodes.Bad_Timeout) {
        LOG.warn("subscription {} timed out on the server: re-creating", subscription);
        recreate();
      }
    }
  }

  /**
   * Maps one notification into the store: the listener's hot path (public for the benchmark). Reads
   * the Variant, the StatusCode and the source timestamp without allocating.
   */
  public static void map(SignalStore store, int index, DataValue value, long now) {
    store.accept(
        index, value.value().value(), value.statusCode().value(), sourceTime(value, now), now);
  }

  /** The sample's time: its source timestamp, else its server timestamp, else its arrival. */
  static long sourceTime(DataValue value, long now) {
    DateTime t = value.sourceTime();
    if (t != null && t.isValid() && t.getUtcTime() != 0) {
      return t.getJavaTime();
    }
    t = value.serverTime();
    if (t != null && t.isValid() && t.getUtcTime() != 0) {
      return t.getJavaTime();
    }
    return now;
  }

  /** The longest revised keep-alive period of the current subscriptions, 0 before any. */
  public long keepAlivePeriodMs() {
    return store.keepAlivePeriodMs();
  }

  /** Monitored items created. */
  public int monitoredItems() {
    return monitoredItems;
  }

  /** Subscriptions created. */
  public int subscriptionCount() {
    synchronized (subscriptions) {
      return subscriptions.size();
    }
  }

  /** Signals the server's limits left unmonitored. */
  public List<String> unmonitored() {
    return unmonitored;
  }

  /** The server limits read at the last (re)subscription, if connected once. */
  public Optional<SubscriptionPlanner.Limits> limits() {
    return Optional.ofNullable(limits);
  }
}
