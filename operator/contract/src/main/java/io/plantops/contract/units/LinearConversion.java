package io.plantops.contract.units;

/**
 * An affine conversion {@code to = from * factor + offset}, extracted once from Indriya so that the
 * per-sample hot path is two floating-point operations and no allocation.
 */
public record LinearConversion(double factor, double offset) {

  /** The identity conversion. */
  public static final LinearConversion IDENTITY = new LinearConversion(1.0, 0.0);

  public LinearConversion {
    if (!Double.isFinite(factor) || factor == 0.0 || !Double.isFinite(offset)) {
      throw new IllegalArgumentException(
          "a conversion needs a finite non-zero factor and a finite offset, got factor="
              + factor
              + " offset="
              + offset);
    }
  }

  /** Converts one value. */
  public double apply(double value) {
    return value * factor + offset;
  }

  /** True when values pass unchanged (up to rounding of the unit definitions). */
  public boolean isIdentity() {
    return Math.abs(factor - 1.0) <= 1e-12 && Math.abs(offset) <= 1e-9;
  }

  /** The conversion back: {@code from = (to - offset) / factor}. */
  public LinearConversion inverse() {
    return new LinearConversion(1.0 / factor, -offset / factor);
  }

  /** This conversion followed by {@code next}. */
  public LinearConversion andThen(LinearConversion next) {
    return new LinearConversion(factor * next.factor, offset * next.factor + next.offset);
  }

  /** Prepends a raw-value scaling {@code raw * scale + shift} to this conversion. */
  public LinearConversion afterScaling(double scale, double shift) {
    return new LinearConversion(scale, shift).andThen(this);
  }
}
