package io.plantops.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/**
 * Operator adoption of advisory recommendations, as the plant's connector counts it: an advice
 * episode opens when a setpoint recommendation is published, and counts as followed when the plant
 * setpoint moves towards it within the Plant's adoption window.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record AdviceAdoption(
    @JsonPropertyDescription(
            "Setpoint recommendations published to operators (advice episodes opened) since the"
                + " connector started.")
        Long published,
    @JsonPropertyDescription("Of those, how many operators followed within the adoption window.")
        Long followed,
    @JsonPropertyDescription(
            "followed / published in percent, one decimal; absent while nothing was published.")
        Double followedPercent) {

  /** The adoption of {@code published} episodes of which {@code followed} were followed. */
  public static AdviceAdoption of(long published, long followed) {
    return new AdviceAdoption(
        published,
        followed,
        published == 0 ? null : Math.round(1000.0 * followed / published) / 10.0);
  }

  /** The sum of two adoptions. */
  public AdviceAdoption plus(AdviceAdoption other) {
    return of(published + other.published, followed + other.followed);
  }
}
