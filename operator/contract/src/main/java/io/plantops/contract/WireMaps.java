package io.plantops.contract;

import java.util.Collections;
import java.util.Comparator;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.Function;

/** Map helpers for the contract's documents. */
final class WireMaps {

  private WireMaps() {}

  /**
   * An immutable copy of counts keyed by an enum, ordered by the key's wire name. The shared mapper
   * orders map entries by key, but an enum key would sort by declaration order; a sorted map keeps
   * its own order, so the documents stay ordered as they were when their keys were strings.
   */
  static <K extends Enum<K>> SortedMap<K, Long> sortedCounts(
      Map<K, Long> counts, Function<K, String> wireName) {
    TreeMap<K, Long> sorted = new TreeMap<>(Comparator.comparing(wireName));
    if (counts != null) {
      sorted.putAll(counts);
    }
    return Collections.unmodifiableSortedMap(sorted);
  }
}
