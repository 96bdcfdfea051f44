package io.plantops.connector.opcua;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Splits the monitored items across subscriptions and calls so that no request breaks a limit the
 * server advertises: MaxMonitoredItemsPerCall (OperationLimits, OPC UA Part 5 §6.3.11),
 * MaxMonitoredItemsPerSubscription and MaxSubscriptionsPerSession (ServerCapabilities, Part 5
 * §6.3.2). Items with the same sampling interval share subscriptions, whose publishing interval
 * follows their sampling interval (between 50 ms and 1 s).
 */
public final class SubscriptionPlanner {

  /** Items per call when the server sets no limit: keeps messages reasonably small. */
  public static final int DEFAULT_MAX_PER_CALL = ServiceCalls.DEFAULT_PER_CALL;

  private SubscriptionPlanner() {}

  /**
   * Limits read from the server; 0 means none advertised.
   *
   * @param maxItemsPerCall MaxMonitoredItemsPerCall
   * @param maxItemsPerSubscription MaxMonitoredItemsPerSubscription
   * @param maxSubscriptionsPerSession MaxSubscriptionsPerSession
   */
  public record Limits(
      long maxItemsPerCall, long maxItemsPerSubscription, long maxSubscriptionsPerSession) {}

  /**
   * An item to monitor.
   *
   * @param index signal index
   * @param samplingIntervalMs requested sampling interval
   */
  public record Item(int index, int samplingIntervalMs) {}

  /**
   * One subscription.
   *
   * @param publishingIntervalMs requested publishing interval
   * @param calls item indexes per CreateMonitoredItems call
   */
  public record SubscriptionPlan(double publishingIntervalMs, List<List<Integer>> calls) {

    /** Number of items. */
    public int size() {
      return calls.stream().mapToInt(List::size).sum();
    }
  }

  /**
   * The plan.
   *
   * @param subscriptions the subscriptions to create
   * @param perCall items per call used
   * @param unplanned indexes that fit in no subscription the server allows
   */
  public record Plan(List<SubscriptionPlan> subscriptions, int perCall, List<Integer> unplanned) {}

  /** Plans {@code items} within {@code limits}. */
  public static Plan plan(List<Item> items, Limits limits) {
    int perCall = (int) clamp(limits.maxItemsPerCall(), DEFAULT_MAX_PER_CALL);
    int perSubscription = (int) clamp(limits.maxItemsPerSubscription(), Integer.MAX_VALUE);
    int maxSubscriptions = (int) clamp(limits.maxSubscriptionsPerSession(), Integer.MAX_VALUE);

    List<Item> sorted =
        items.stream()
            .sorted(Comparator.comparingInt(Item::samplingIntervalMs).thenComparingInt(Item::index))
            .toList();
    List<List<Item>> groups = new ArrayList<>();
    List<Item> current = new ArrayList<>();
    for (Item item : sorted) {
      boolean newInterval =
          !current.isEmpty() && current.get(0).samplingIntervalMs() != item.samplingIntervalMs();
      if (newInterval || current.size() == perSubscription) {
        groups.add(current);
        current = new ArrayList<>();
      }
      current.add(item);
    }
    if (!current.isEmpty()) {
      groups.add(current);
    }
    if (groups.size() > maxSubscriptions) {
      // too many subscriptions for the session: pack items regardless of interval
      groups = new ArrayList<>();
      for (int i = 0; i < sorted.size(); i += perSubscription) {
        groups.add(sorted.subList(i, Math.min(sorted.size(), i + perSubscription)));
      }
    }
    List<Integer> unplanned = new ArrayList<>();
    while (groups.size() > maxSubscriptions) {
      for (Item item : groups.remove(groups.size() - 1)) {
        unplanned.add(item.index());
      }
    }
    List<SubscriptionPlan> subscriptions = new ArrayList<>();
    for (List<Item> group : groups) {
      int fastest = group.stream().mapToInt(Item::samplingIntervalMs).min().orElse(1000);
      List<List<Integer>> calls = new ArrayList<>();
      for (int i = 0; i < group.size(); i += perCall) {
        calls.add(
            group.subList(i, Math.min(group.size(), i + perCall)).stream()
                .map(Item::index)
                .toList());
      }
      subscriptions.add(new SubscriptionPlan(Math.max(50.0, Math.min(1000.0, fastest)), calls));
    }
    unplanned.sort(Integer::compare);
    return new Plan(subscriptions, perCall, unplanned);
  }

  private static long clamp(long advertised, long fallback) {
    return advertised <= 0 ? fallback : Math.min(advertised, fallback);
  }
}
