package io.plantops.operator.lastgood;

import io.plantops.operator.status.Reason;

/**
 * The last valid generation a status keeps ({@code lastValidGeneration}, {@code lastValidSpec}), as
 * the aggregator of a shared input computes it: the current generation while it is valid, else the
 * one kept before, as long as it is older. Messages of a held input are rendered here, once for
 * every kind.
 *
 * @param generation the last valid generation, absent when none is known
 * @param spec its spec
 * @param held whether the current generation is invalid and an older valid one runs instead
 * @param <S> the kind's spec
 */
public record LastValid<S>(Long generation, S spec, boolean held) {

  /**
   * The last valid generation after a validation.
   *
   * @param valid whether the current generation is valid
   * @param generation the current generation
   * @param spec the current spec
   * @param previousGeneration the last valid generation as last written, if any
   * @param previousSpec its spec
   */
  public static <S> LastValid<S> of(
      boolean valid, long generation, S spec, Long previousGeneration, S previousSpec) {
    if (valid) {
      return new LastValid<>(generation, spec, false);
    }
    if (previousGeneration != null && previousGeneration != generation && previousSpec != null) {
      return new LastValid<>(previousGeneration, previousSpec, true);
    }
    return new LastValid<>(null, null, false);
  }

  /** The reason of the Valid condition of an invalid generation. */
  public Reason invalidReason() {
    return held ? Reason.InvalidGeneration : Reason.Invalid;
  }

  /**
   * The message of the Valid condition of an invalid generation: {@code generation N is invalid:
   * ...; running generation M} while an older one runs.
   */
  public String invalidMessage(long current, String problems) {
    return held
        ? "generation "
            + current
            + " is invalid: "
            + problems
            + "; running generation "
            + generation
        : problems;
  }
}
