package io.plantops.simulator;

import io.plantops.contract.units.UneceUnits;
import io.plantops.contract.units.UneceUnits.UneceUnit;
import java.util.Optional;

/**
 * An engineering unit as the simulator advertises it in the EngineeringUnits property
 * (EUInformation, OPC UA Part 8 §5.6.3): a row of the contract's UNECE table, so that the simulator
 * sends exactly the unitId and display name the connector resolves.
 *
 * @param symbol the tag's engineering unit as the dialect writes it (a catalog expression such as
 *     {@code degF}, or a UNECE display name such as {@code ‰})
 * @param unece the UNECE row advertised for it
 */
public record EngineeringUnit(String symbol, UneceUnit unece) {

  /** The namespace of UNECE codes in EUInformation (OPC UA Part 8 §5.6.3). */
  public static final String UNECE_NAMESPACE = UneceUnits.NAMESPACE_URI;

  /**
   * The unit a dialect names {@code symbol}: the UNECE row of that catalog expression (or of
   * another spelling of the same unit), else the row with that display name.
   */
  public static Optional<EngineeringUnit> forSymbol(String symbol) {
    return UneceUnits.forUnit(symbol)
        .or(() -> UneceUnits.byDisplayName(symbol))
        .map(u -> new EngineeringUnit(symbol, u));
  }

  /** The EUInformation unitId: the UNECE code packed as OPC UA Part 8 §5.6.3 says. */
  public int unitId() {
    return unece.unitId();
  }

  /** What an HMI shows. */
  public String displayName() {
    return unece.displayName();
  }

  /** The UNECE name of the unit. */
  public String description() {
    return unece.description();
  }

  /** The unit catalog expression a value in this unit is expressed in. */
  public String catalogUnit() {
    return unece.expression();
  }
}
