package io.plantops.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/**
 * How much of a plant's mapping was done by hand: TagMapping entries taken unchanged from {@code
 * suggest}, edited after it, or added by hand, told apart by the digests suggest writes in the
 * TagMapping's {@code plantops.io/suggested} annotation.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record MappingEffort(
    @JsonPropertyDescription("Entries exactly as suggest wrote them (the description aside).")
        Integer suggested,
    @JsonPropertyDescription("Entries suggest wrote whose mapping was changed since.")
        Integer edited,
    @JsonPropertyDescription("Entries suggest did not write: added by hand.") Integer manual) {

  /** No entry. */
  public static MappingEffort none() {
    return new MappingEffort(0, 0, 0);
  }

  /** The sum of two counts. */
  public MappingEffort plus(MappingEffort o) {
    return new MappingEffort(suggested + o.suggested, edited + o.edited, manual + o.manual);
  }
}
