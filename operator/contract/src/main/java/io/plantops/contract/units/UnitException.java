package io.plantops.contract.units;

/** A unit expression that does not parse, or a conversion between incompatible dimensions. */
public final class UnitException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  public UnitException(String message) {
    super(message);
  }
}
