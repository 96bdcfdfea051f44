package io.plantops.operator.metrics;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.DoubleSupplier;

/**
 * One gauge name whose series belong to resources: each owner (a Plant, a SiteDeployment) replaces
 * its own series when it is reconciled, and owners that no longer exist are swept.
 *
 * <p>A series' meter is registered once and reads its value through a holder, so a reconcile costs
 * the owner's few series, not the fleet's: rebuilding a {@code MultiGauge} from the whole cache on
 * every reconcile removed and re-registered every series each time, which at 10,000 SiteDeployments
 * made the operator quadratic (docs/benchmarks/operator.md).
 */
public final class OwnedGauges {

  /** One series: its tags (the owner's included) and how to read its value at scrape time. */
  public record Row(Tags tags, DoubleSupplier value) {

    public static Row of(Tags tags, double value) {
      return new Row(tags, () -> value);
    }
  }

  private static final class Series {
    private volatile DoubleSupplier value;
    private Gauge gauge;

    double read() {
      return value.getAsDouble();
    }
  }

  private final MeterRegistry registry;
  private final String name;
  private final String description;
  private final Map<String, Map<Tags, Series>> byOwner = new HashMap<>();

  OwnedGauges(MeterRegistry registry, String name, String description) {
    this.registry = registry;
    this.name = name;
    this.description = description;
  }

  /** Replaces every series of {@code owner} with {@code rows} (none: the owner has no series). */
  public synchronized void replace(String owner, List<Row> rows) {
    Map<Tags, Series> before = byOwner.getOrDefault(owner, Map.of());
    Map<Tags, Series> after = new HashMap<>();
    for (Row row : rows) {
      Series series = before.get(row.tags());
      if (series == null) {
        series = after.get(row.tags());
      }
      if (series == null) {
        series = new Series();
        series.value = row.value();
        series.gauge =
            Gauge.builder(name, series, Series::read)
                .description(description)
                .tags(row.tags())
                .strongReference(true)
                .register(registry);
      } else {
        series.value = row.value();
      }
      after.put(row.tags(), series);
    }
    before.forEach(
        (tags, series) -> {
          if (!after.containsKey(tags)) {
            registry.remove(series.gauge);
          }
        });
    if (after.isEmpty()) {
      byOwner.remove(owner);
    } else {
      byOwner.put(owner, after);
    }
  }

  /** Removes the series of every owner not in {@code present} (deleted resources). */
  public synchronized void retainOwners(Set<String> present) {
    for (String owner : List.copyOf(byOwner.keySet())) {
      if (!present.contains(owner)) {
        replace(owner, List.of());
      }
    }
  }

  /** How many series exist, for tests. */
  public synchronized int size() {
    return byOwner.values().stream().mapToInt(Map::size).sum();
  }
}
