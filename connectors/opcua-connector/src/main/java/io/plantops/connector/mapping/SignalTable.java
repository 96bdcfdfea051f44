package io.plantops.connector.mapping;

import io.plantops.contract.ResolvedPlantConfig.SignalMapping;
import io.plantops.contract.units.LinearConversion;
import io.plantops.contract.units.UnitCatalog;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The mapped signals of a config, each with a dense index and its conversions extracted once: raw
 * to canonical ({@code raw * scale + offset}, then site unit to canonical unit, folded into one
 * multiply-add) and its inverse for writes.
 */
public final class SignalTable {

  /**
   * One mapped signal.
   *
   * @param index dense index, 0..size-1
   * @param mapping the config entry
   * @param toCanonical raw value to canonical value
   * @param toRaw canonical value to raw value (for writes)
   */
  public record Entry(
      int index, SignalMapping mapping, LinearConversion toCanonical, LinearConversion toRaw) {

    /** Canonical signal name. */
    public String name() {
      return mapping.signal();
    }
  }

  private final List<Entry> entries;
  private final Map<String, Entry> byName = new HashMap<>();
  private final String[] names;

  private SignalTable(List<Entry> entries) {
    this.entries = List.copyOf(entries);
    this.names = new String[entries.size()];
    for (Entry e : entries) {
      byName.put(e.name(), e);
      names[e.index()] = e.name();
    }
  }

  /** Builds the table; the codec has already checked every unit conversion. */
  public static SignalTable of(List<SignalMapping> mappings) {
    List<Entry> entries = new ArrayList<>(mappings.size());
    for (SignalMapping m : mappings) {
      LinearConversion conversion =
          UnitCatalog.conversion(m.siteUnit(), m.canonicalUnit())
              .afterScaling(m.scale(), m.offset());
      entries.add(new Entry(entries.size(), m, conversion, conversion.inverse()));
    }
    return new SignalTable(entries);
  }

  /** All entries in index order. */
  public List<Entry> entries() {
    return entries;
  }

  /** Number of signals. */
  public int size() {
    return entries.size();
  }

  /** The entry of a canonical signal. */
  public Optional<Entry> byName(String signal) {
    return Optional.ofNullable(byName.get(signal));
  }

  /** The entry at an index. */
  public Entry get(int index) {
    return entries.get(index);
  }

  /** Canonical name of an index, without allocation. */
  public String name(int index) {
    return names[index];
  }
}
