package io.plantops.api.v1alpha1;

/**
 * Autonomy stages of a use case at a plant, in increasing order of what the model may do.
 *
 * <ul>
 *   <li>{@link #Shadow}: the model is scored, nothing reaches operators or the plant;
 *   <li>{@link #Advisory}: recommendations are shown to operators, who decide;
 *   <li>{@link #ClosedLoop}: recommendations are written as setpoints, inside the safety envelope.
 * </ul>
 */
public enum Stage {
  Shadow,
  Advisory,
  ClosedLoop;

  /** The stage one step below this one; Shadow stays Shadow. */
  public Stage oneDown() {
    return this == Shadow ? Shadow : values()[ordinal() - 1];
  }

  /** The stage one step above this one; ClosedLoop stays ClosedLoop. */
  public Stage oneUp() {
    return this == ClosedLoop ? ClosedLoop : values()[ordinal() + 1];
  }

  /** True when this stage allows at least what {@code other} allows. */
  public boolean atLeast(Stage other) {
    return compareTo(other) >= 0;
  }
}
