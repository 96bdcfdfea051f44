package io.plantops.simulator;

/**
 * Limits the server advertises (ServerCapabilities and OperationLimits, OPC UA Part 5 §6.3.2 and
 * §6.3.11) and enforces.
 *
 * @param maxMonitoredItemsPerCall largest CreateMonitoredItems call accepted
 * @param maxMonitoredItemsPerSubscription most items one subscription may hold
 * @param maxSubscriptionsPerSession most subscriptions one session may hold
 */
public record ServerLimits(
    int maxMonitoredItemsPerCall,
    int maxMonitoredItemsPerSubscription,
    int maxSubscriptionsPerSession) {

  /** Generous limits, as a modern server would have. */
  public static ServerLimits defaults() {
    return new ServerLimits(1000, 10_000, 100);
  }
}
