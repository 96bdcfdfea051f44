package io.plantops.simulator;

import io.plantops.contract.units.LinearConversion;
import io.plantops.contract.units.UnitCatalog;

/**
 * One variable of a dialect: where a point lives in the address space and how its raw value relates
 * to the canonical one, {@code canonical = convert(raw * scale + offset, siteUnit ->
 * canonicalUnit)}, exactly as a TagMapping entry describes it.
 *
 * @param point what the variable measures or sets
 * @param nodeId NodeId in OPC UA string form, e.g. {@code ns=2;s=LYN.K1.BZT.PV}
 * @param browseName browse name (the tag name as the control system shows it)
 * @param description the control system's description of the tag
 * @param folder slash-separated folder path under Objects
 * @param siteUnit unit of {@code raw * scale + offset}, from the unit catalog
 * @param scale raw multiplier
 * @param offset added after scaling
 * @param euSymbol the engineering unit the server advertises for the raw value
 * @param type data type of the raw value
 * @param samplingIntervalMs how often the control system refreshes the value
 * @param writable true for setpoints and the advice display
 * @param euLow low end of EURange, in the raw value's engineering unit
 * @param euHigh high end of EURange, in the raw value's engineering unit
 */
public record TagSpec(
    Point point,
    String nodeId,
    String browseName,
    String description,
    String folder,
    String siteUnit,
    double scale,
    double offset,
    String euSymbol,
    ValueType type,
    int samplingIntervalMs,
    boolean writable,
    double euLow,
    double euHigh) {

  /** Raw value to canonical value. */
  public LinearConversion rawToCanonical() {
    return UnitCatalog.conversion(siteUnit, point.canonicalUnit()).afterScaling(scale, offset);
  }

  /** Canonical value to raw value. */
  public LinearConversion canonicalToRaw() {
    return rawToCanonical().inverse();
  }
}
