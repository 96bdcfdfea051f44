package io.plantops.connector.opcua;

import static org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.Unsigned.uint;
import static org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.Unsigned.ushort;

import io.plantops.connector.mapping.SignalStore;
import io.plantops.connector.mapping.SignalTable;
import io.plantops.contract.HostAliases;
import io.plantops.contract.ResolvedPlantConfig;
import io.plantops.contract.SessionState;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.eclipse.milo.opcua.sdk.client.OpcUaClient;
import org.eclipse.milo.opcua.sdk.client.SessionActivityListener;
import org.eclipse.milo.opcua.sdk.client.UaSession;
import org.eclipse.milo.opcua.sdk.client.subscriptions.OpcUaMonitoredItem;
import org.eclipse.milo.opcua.sdk.client.subscriptions.OpcUaSubscription;
import org.eclipse.milo.opcua.stack.core.AttributeId;
import org.eclipse.milo.opcua.stack.core.NodeIds;
import org.eclipse.milo.opcua.stack.core.StatusCodes;
import org.eclipse.milo.opcua.stack.core.UaException;
import org.eclipse.milo.opcua.stack.core.types.builtin.DataValue;
import org.eclipse.milo.opcua.stack.core.types.builtin.DateTime;
import org.eclipse.milo.opcua.stack.core.types.builtin.NodeId;
import org.eclipse.milo.opcua.stack.core.types.builtin.QualifiedName;
import org.eclipse.milo.opcua.stack.core.types.builtin.StatusCode;
import org.eclipse.milo.opcua.stack.core.types.builtin.Variant;
import org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.UInteger;
import org.eclipse.milo.opcua.stack.core.types.enumerated.DataChangeTrigger;
import org.eclipse.milo.opcua.stack.core.types.enumerated.DeadbandType;
import org.eclipse.milo.opcua.stack.core.types.enumerated.TimestampsToReturn;
import org.eclipse.milo.opcua.stack.core.types.structured.DataChangeFilter;
import org.eclipse.milo.opcua.stack.core.types.structured.ReadValueId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The connector's OPC UA session to the plant: connects with the configured security (retrying with
 * backoff until the server answers), subscribes to every mapped tag within the server's limits,
 * feeds notifications to the {@link SignalStore}, re-creates subscriptions the server lost, records
 * every data gap, and performs setpoint writes.
 */
public final class PlantConnection implements PlantWriter, AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(PlantConnection.class);
  private static final long MAX_BACKOFF_MS = 30_000;

  /**
   * Tuning that is not in the resolved config.
   *
   * @param recoveryWindowMs how long a connection loss the server's queues should bridge
   * @param requestTimeoutMs OPC UA request timeout
   * @param keepAliveIntervalMs session keep-alive (read of the server state) interval
   */
  public record Tuning(long recoveryWindowMs, long requestTimeoutMs, long keepAliveIntervalMs) {

    /** Defaults: bridge 2 minutes, 10 s requests, keep-alive every 2 s. */
    public static Tuning defaults() {
      return new Tuning(120_000, 10_000, 2_000);
    }
  }

  private final ResolvedPlantConfig config;
  private final SignalStore store;
  private final HostAliases aliases;
  private final Function<String, java.nio.file.Path> resolve;
  private final Clock clock;
  private final Tuning tuning;
  private final GapRecorder gaps;
  private final ScheduledExecutorService executor;
  private final Map<Integer, NodeId> writeTypes = new HashMap<>();

  private volatile SessionState state = SessionState.Connecting;
  private volatile String message = "connecting";
  private volatile OpcUaClient client;
  private volatile SubscriptionPlanner.Limits limits;
  private volatile int monitoredItems;
  private volatile List<String> unmonitored = List.of();
  private final List<OpcUaSubscription> subscriptions = new ArrayList<>();
  private final List<List<List<Integer>>> subscriptionCalls = new ArrayList<>();
  private volatile boolean rebuildScheduled;
  private volatile boolean closed;
  private long backoffMs = 1000;

  public PlantConnection(
      ResolvedPlantConfig config,
      SignalStore store,
      HostAliases aliases,
      Function<String, java.nio.file.Path> resolve,
      Clock clock,
      Tuning tuning,
      GapRecorder gaps) {
    this.config = config;
    this.store = store;
    this.aliases = aliases;
    this.resolve = resolve;
    this.clock = clock;
    this.tuning = tuning;
    this.gaps = gaps;
    this.executor =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "plantops-opcua-" + config.plant().name());
              t.setDaemon(true);
              return t;
            });
  }

  /** Starts connecting in the background. */
  public void start() {
    Optional<String> refusal = ClientSecurity.refusal(config);
    if (refusal.isPresent()) {
      refuse(refusal.get());
      return;
    }
    executor.execute(this::connect);
  }

  private void refuse(String why) {
    state = SessionState.Refused;
    message = why;
    LOG.error(why);
  }

  private void connect() {
    if (closed) {
      return;
    }
    ClientSecurity security;
    try {
      security = ClientSecurity.load(config.opcua(), resolve);
    } catch (SecurityConfigException e) {
      // the Secret may simply not be mounted yet: say so, and look again later
      state = SessionState.Refused;
      message = e.getMessage();
      LOG.error("OPC UA security for plant {}: {}", config.plant().name(), e.getMessage());
      retryLater();
      return;
    }
    String url = aliases.rewrite(config.opcua().endpointUrl());
    try {
      OpcUaClient c =
          ClientFactory.create(
              url, security, "plantops-connector-" + config.plant().name(), tuning);
      c.addSessionActivityListener(
          new SessionActivityListener() {
            @Override
            public void onSessionActive(UaSession session) {
              onActive();
            }

            @Override
            public void onSessionInactive(UaSession session) {
              onInactive();
            }
          });
      c.connect();
      client = c;
      limits = readLimits(c);
      readWriteTypes(c);
      subscribe(c);
      state = SessionState.Connected;
      message = null;
      backoffMs = 1000;
      LOG.info(
          "connected to {} ({} / {}), {} monitored items in {} subscriptions, server limits {}",
          url,
          security.policy().name(),
          security.mode(),
          monitoredItems,
          subscriptions.size(),
          limits);
    } catch (UaException | RuntimeException e) {
      state = state == SessionState.Connected ? SessionState.Disconnected : SessionState.Connecting;
      message = "cannot connect to " + url + ": " + describe(e);
      LOG.warn(
          "plant {}: {}; retrying in {} s", config.plant().name(), message, backoffMs / 1000.0);
      OpcUaClient c = client;
      client = null;
      if (c != null) {
        c.disconnectAsync();
      }
      retryLater();
    }
  }

  private void retryLater() {
    if (!closed) {
      executor.schedule(this::connect, backoffMs, TimeUnit.MILLISECONDS);
      backoffMs = Math.min(MAX_BACKOFF_MS, backoffMs * 2);
    }
  }

  private static String describe(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    return t == e ? String.valueOf(e.getMessage()) : e.getMessage() + " (" + t.getMessage() + ")";
  }

  /** Reads the limits the server advertises; an absent node means no limit. */
  static SubscriptionPlanner.Limits readLimits(OpcUaClient c) throws UaException {
    List<DataValue> values =
        c.readValues(
            0,
            TimestampsToReturn.Neither,
            List.of(
                NodeIds.Server_ServerCapabilities_OperationLimits_MaxMonitoredItemsPerCall,
                NodeIds.Server_ServerCapabilities_MaxMonitoredItemsPerSubscription,
                NodeIds.Server_ServerCapabilities_MaxSubscriptionsPerSession));
    return new SubscriptionPlanner.Limits(
        limit(values.get(0)), limit(values.get(1)), limit(values.get(2)));
  }

  private static long limit(DataValue v) {
    Object o = v.statusCode().isGood() ? v.value().value() : null;
    return o instanceof Number n ? n.longValue() : 0;
  }

  private void readWriteTypes(OpcUaClient c) throws UaException {
    List<SignalTable.Entry> writable =
        store.table().entries().stream().filter(e -> e.mapping().writable()).toList();
    if (writable.isEmpty()) {
      return;
    }
    List<ReadValueId> ids =
        writable.stream()
            .map(
                e ->
                    new ReadValueId(
                        NodeId.parse(e.mapping().nodeId()),
                        AttributeId.DataType.uid(),
                        null,
                        QualifiedName.NULL_VALUE))
            .toList();
    DataValue[] results = c.read(0, TimestampsToReturn.Neither, ids).getResults();
    synchronized (writeTypes) {
      writeTypes.clear();
      for (int i = 0; i < writable.size(); i++) {
        Object type = results[i].value().value();
        if (type instanceof NodeId id) {
          writeTypes.put(writable.get(i).index(), id);
        } else {
          LOG.error(
              "cannot read the DataType of writable {} ({}): {}; writes to it will be refused",
              writable.get(i).name(),
              writable.get(i).mapping().nodeId(),
              results[i].statusCode());
        }
      }
    }
  }

  private void subscribe(OpcUaClient c) throws UaException {
    List<SubscriptionPlanner.Item> items =
        store.table().entries().stream()
            .map(e -> new SubscriptionPlanner.Item(e.index(), e.mapping().samplingIntervalMs()))
            .toList();
    SubscriptionPlanner.Plan plan = SubscriptionPlanner.plan(items, limits);
    if (!plan.unplanned().isEmpty()) {
      unmonitored = plan.unplanned().stream().map(i -> store.table().name(i)).toList();
      LOG.error(
          "the server's limits {} leave no room for {}: they are not monitored",
          limits,
          unmonitored);
    }
    int created = 0;
    long coverage = Long.MAX_VALUE;
    synchronized (subscriptions) {
      subscriptions.clear();
      subscriptionCalls.clear();
      for (SubscriptionPlanner.SubscriptionPlan p : plan.subscriptions()) {
        OpcUaSubscription subscription = new OpcUaSubscription(c, p.publishingIntervalMs());
        subscription.setMaxMonitoredItemsPerCall(uint(plan.perCall()));
        subscription.setSubscriptionListener(new Listener());
        subscription.create();
        for (List<Integer> call : p.calls()) {
          List<OpcUaMonitoredItem> chunk = new ArrayList<>(call.size());
          for (int index : call) {
            chunk.add(item(index));
          }
          subscription.addMonitoredItems(chunk);
        }
        created += createItems(subscription, p.calls());
        subscriptions.add(subscription);
        subscriptionCalls.add(p.calls());
        coverage = Math.min(coverage, coverage(subscription));
      }
    }
    monitoredItems = created;
    gaps.coverage(coverage);
  }

  private MappedItem item(int index) {
    SignalTable.Entry e = store.table().get(index);
    MappedItem item =
        new MappedItem(
            new ReadValueId(
                NodeId.parse(e.mapping().nodeId()),
                AttributeId.Value.uid(),
                null,
                QualifiedName.NULL_VALUE),
            index);
    double sampling = e.mapping().samplingIntervalMs();
    item.setSamplingInterval(sampling);
    // the server keeps this many samples per item while the connection is down (Part 4 §5.12.1.5)
    long queue =
        Math.max(1, Math.min(1000, (long) Math.ceil(tuning.recoveryWindowMs() / sampling)));
    item.setQueueSize(uint(queue));
    item.setDiscardOldest(true);
    // a refreshed source timestamp is an update even when the value repeats (Part 4 §7.22.2), so a
    // constant but live tag is not mistaken for a stale one
    item.setFilter(
        new DataChangeFilter(
            DataChangeTrigger.StatusValueTimestamp, uint(DeadbandType.None.getValue()), 0.0));
    return item;
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

  private long coverage(OpcUaSubscription subscription) {
    long min = Long.MAX_VALUE;
    for (OpcUaMonitoredItem item : subscription.getMonitoredItems()) {
      long queue = item.getRevisedQueueSize().map(UInteger::longValue).orElse(1L);
      double interval = item.getRevisedSamplingInterval().orElse(item.getSamplingInterval());
      min = Math.min(min, (long) (queue * interval));
    }
    return min;
  }

  private void onActive() {
    LOG.info("OPC UA session to plant {} active", config.plant().name());
    if (client != null) {
      state = SessionState.Connected;
      message = null;
    }
  }

  private void onInactive() {
    if (closed) {
      return;
    }
    state = SessionState.Disconnected;
    message = "session lost; reconnecting";
    gaps.interrupted(GapRecorder.Cause.SESSION_LOST, clock.millis(), store.lastNotificationMs());
    LOG.warn("OPC UA session to plant {} lost; Milo reconnects", config.plant().name());
  }

  /** Re-creates every subscription (after a failed transfer, a server restart). Debounced. */
  private void scheduleRebuild() {
    if (rebuildScheduled || closed) {
      return;
    }
    rebuildScheduled = true;
    gaps.subscriptionsRecreated(clock.millis(), store.lastNotificationMs());
    executor.execute(
        () -> {
          rebuildScheduled = false;
          OpcUaClient c = client;
          if (c == null || closed) {
            return;
          }
          try {
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
            limits = readLimits(c);
            readWriteTypes(c);
            subscribe(c);
            LOG.info(
                "re-created {} subscriptions with {} monitored items",
                subscriptions.size(),
                monitoredItems);
          } catch (UaException | RuntimeException e) {
            LOG.warn("re-creating subscriptions failed: {}; retrying in 2 s", describe(e));
            executor.schedule(this::scheduleRebuild, 2, TimeUnit.SECONDS);
          }
        });
  }

  private final class Listener implements OpcUaSubscription.SubscriptionListener {
    @Override
    public void onDataReceived(
        OpcUaSubscription subscription, List<OpcUaMonitoredItem> items, List<DataValue> values) {
      long now = clock.millis();
      for (int i = 0; i < items.size(); i++) {
        OpcUaMonitoredItem item = items.get(i);
        DataValue value = values.get(i);
        if (item instanceof MappedItem m) {
          map(store, m.index, value, now);
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
      scheduleRebuild();
    }

    @Override
    public void onWatchdogTimerElapsed(OpcUaSubscription subscription) {
      LOG.warn(
          "no publish response for subscription {} within its keep-alive: re-creating it",
          subscription.getSubscriptionId().orElse(null));
      gaps.interrupted(
          GapRecorder.Cause.PUBLISH_WATCHDOG, clock.millis(), store.lastNotificationMs());
      scheduleRebuild();
    }

    @Override
    public void onNotificationDataLost(OpcUaSubscription subscription) {
      gaps.notificationsLost(clock.millis(), store.lastNotificationMs());
    }

    @Override
    public void onStatusChanged(OpcUaSubscription subscription, StatusCode status) {
      if (status.getValue() == StatusCodes.Bad_Timeout) {
        LOG.warn("subscription {} timed out on the server: re-creating", subscription);
        scheduleRebuild();
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

  // ---------------------------------------------------------------- writes

  /**
   * Writes a canonical value to a signal's node, converted to the tag's raw unit and encoded as the
   * node's DataType. Completes with the plant's status code, or exceptionally when the session is
   * down or the type is not writable.
   */
  @Override
  public CompletableFuture<WriteResult> write(SignalTable.Entry entry, double canonical) {
    OpcUaClient c = client;
    if (c == null || state != SessionState.Connected) {
      return CompletableFuture.failedFuture(
          new UaException(StatusCodes.Bad_NotConnected, "the OPC UA session is not connected"));
    }
    NodeId type;
    synchronized (writeTypes) {
      type = writeTypes.get(entry.index());
    }
    double raw = entry.toRaw().apply(canonical);
    Variant variant;
    try {
      variant = encode(type, raw);
    } catch (UaException e) {
      return CompletableFuture.failedFuture(e);
    }
    double rawSent = ((Number) variant.value()).doubleValue();
    double canonicalSent = entry.toCanonical().apply(rawSent);
    return c.writeValuesAsync(
            List.of(NodeId.parse(entry.mapping().nodeId())), List.of(DataValue.valueOnly(variant)))
        .orTimeout(tuning.requestTimeoutMs(), TimeUnit.MILLISECONDS)
        .thenApply(codes -> new WriteResult(codes.get(0), rawSent, canonicalSent));
  }

  /**
   * A completed write.
   *
   * @param status the plant's answer
   * @param raw value sent, in the tag's unit
   * @param canonical the sent value back in the canonical unit (differs by rounding for integers)
   */
  public record WriteResult(StatusCode status, double raw, double canonical) {}

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

  // ---------------------------------------------------------------- state

  /** The session state. */
  public SessionState state() {
    return state;
  }

  /** Why the session is not connected, or null. */
  public String message() {
    return message;
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

  /** The connected client, for browsing. */
  public Optional<OpcUaClient> client() {
    return state == SessionState.Connected ? Optional.ofNullable(client) : Optional.empty();
  }

  @Override
  public void close() {
    closed = true;
    executor.shutdownNow();
    OpcUaClient c = client;
    client = null;
    if (c != null) {
      try {
        c.disconnectAsync().get(5, TimeUnit.SECONDS);
      } catch (Exception e) {
        LOG.warn(
            "disconnect from plant {} did not complete cleanly: {}",
            config.plant().name(),
            e.toString());
      }
    }
  }
}
