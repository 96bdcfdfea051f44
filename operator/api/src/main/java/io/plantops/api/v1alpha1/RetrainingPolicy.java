package io.plantops.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Size;

/**
 * When the corporate AI team should retrain the model. plantops reports the trigger (condition and
 * metric on the template); training itself happens outside the cluster.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RetrainingPolicy(
    @JsonPropertyDescription("Ask for retraining when any plant's drift reaches Alert.")
        @Default("true")
        Boolean onDriftAlert,
    @JsonPropertyDescription("Ask for retraining when the newest version is older than this.")
        @Min(1)
        Integer maxModelAgeDays,
    @JsonPropertyDescription("Days of recent plant data a retraining should use.") @Min(1)
        Integer dataWindowDays,
    @JsonPropertyDescription("Who to contact (team, channel) about retraining.") @Size(max = 256)
        String contact) {

  /** Compact constructor: applies the schema defaults so readers never see null. */
  public RetrainingPolicy {
    onDriftAlert = onDriftAlert == null ? Boolean.TRUE : onDriftAlert;
  }
}
