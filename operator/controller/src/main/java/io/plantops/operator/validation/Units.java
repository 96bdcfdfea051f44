package io.plantops.operator.validation;

import io.plantops.contract.units.UnitCatalog;
import io.plantops.contract.units.UnitException;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Memoised unit checks over {@link UnitCatalog}: the catalog parses under a global lock, and a
 * fleet asks the same few questions (is {@code kg/min} convertible to {@code t/h}?) thousands of
 * times. Answers never change for a given pair, so the memo is never invalidated; its size is
 * bounded by the distinct unit strings in the cluster.
 */
public final class Units {

  private static final int MAX_ENTRIES = 10_000;
  private static final Map<String, Optional<String>> PARSE = new ConcurrentHashMap<>();
  private static final Map<String, Optional<String>> CONVERSION = new ConcurrentHashMap<>();

  private Units() {}

  /** Why {@code unit} does not parse, or empty when it does. */
  public static Optional<String> parseProblem(String unit) {
    return memo(
        PARSE,
        String.valueOf(unit),
        () -> {
          try {
            UnitCatalog.parse(unit);
            return Optional.empty();
          } catch (UnitException e) {
            return Optional.of(e.getMessage());
          }
        });
  }

  /** Why values in {@code from} cannot be converted to {@code to}, or empty when they can. */
  public static Optional<String> conversionProblem(String from, String to) {
    return memo(
        CONVERSION,
        from + "\u0000" + to,
        () -> {
          try {
            UnitCatalog.conversion(from, to);
            return Optional.empty();
          } catch (UnitException e) {
            return Optional.of(e.getMessage());
          }
        });
  }

  private static Optional<String> memo(
      Map<String, Optional<String>> memo, String key, Supplier<Optional<String>> compute) {
    Optional<String> known = memo.get(key);
    if (known != null) {
      return known;
    }
    Optional<String> value = compute.get();
    if (memo.size() < MAX_ENTRIES) {
      memo.put(key, value);
    }
    return value;
  }
}
