package io.plantops.simulator;

/**
 * Limits the server advertises (ServerCapabilities and OperationLimits, OPC UA Part 5 §6.3.2 and
 * §6.3.11) and enforces: a call with more operations than its limit fails with
 * Bad_TooManyOperations (Part 4 §7.39).
 *
 * @param maxMonitoredItemsPerCall largest CreateMonitoredItems call accepted
 * @param maxMonitoredItemsPerSubscription most items one subscription may hold
 * @param maxSubscriptionsPerSession most subscriptions one session may hold
 * @param maxNodesPerRead largest Read call accepted (MaxNodesPerRead)
 * @param maxNodesPerBrowse largest Browse call, and BrowseNext call, accepted (MaxNodesPerBrowse)
 * @param maxNodesPerWrite largest Write call accepted (MaxNodesPerWrite)
 */
public record ServerLimits(
    int maxMonitoredItemsPerCall,
    int maxMonitoredItemsPerSubscription,
    int maxSubscriptionsPerSession,
    int maxNodesPerRead,
    int maxNodesPerBrowse,
    int maxNodesPerWrite) {

  /** Node limits of a modern server: generous. */
  public static final int GENEROUS_NODES_PER_CALL = 10_000;

  /** Subscription limits, with generous limits for Read, Browse and Write. */
  public ServerLimits(
      int maxMonitoredItemsPerCall,
      int maxMonitoredItemsPerSubscription,
      int maxSubscriptionsPerSession) {
    this(
        maxMonitoredItemsPerCall,
        maxMonitoredItemsPerSubscription,
        maxSubscriptionsPerSession,
        GENEROUS_NODES_PER_CALL,
        GENEROUS_NODES_PER_CALL,
        GENEROUS_NODES_PER_CALL);
  }

  /** Generous limits, as a modern server would have. */
  public static ServerLimits defaults() {
    return new ServerLimits(1000, 10_000, 100);
  }

  /**
   * A small embedded server's limits: at most {@code n} nodes in any Read, Browse, BrowseNext,
   * Write or CreateMonitoredItems call (the subscription limits stay generous).
   */
  public static ServerLimits nodesPerCall(int n) {
    return new ServerLimits(n, 10_000, 100, n, n, n);
  }
}
