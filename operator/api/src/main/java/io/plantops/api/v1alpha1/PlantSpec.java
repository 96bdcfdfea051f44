package io.plantops.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;

/** Desired state of a {@link Plant}. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record PlantSpec(
    @JsonPropertyDescription("Human-readable plant name, e.g. Lyon cement works.")
        @Required
        @Size(max = 128)
        String displayName,
    @JsonPropertyDescription("Region of the plant, for fleet views (e.g. emea, north-america).")
        @Size(max = 64)
        String region,
    @JsonPropertyDescription("IANA time zone of the plant, e.g. Europe/Paris.")
        @Default("UTC")
        @Pattern(Patterns.TIMEZONE)
        @Size(max = 64)
        String timezone,
    @JsonPropertyDescription(
            "Rollout ring: 0 receives new versions first (pilot plant), higher rings later.")
        @Default("1")
        @Min(0)
        @Max(9)
        Integer rolloutRing,
    @JsonPropertyDescription("The plant's OPC UA server and how to connect to it securely.")
        @Required
        OpcUaEndpoint opcua,
    @JsonPropertyDescription("The plant's inference server.") InferenceServerSpec inferenceServer,
    @JsonPropertyDescription("The plant's OPC UA connector.") ConnectorSpec connector) {

  /** Compact constructor: applies the schema defaults so readers never see null. */
  public PlantSpec {
    timezone = timezone == null ? "UTC" : timezone;
    rolloutRing = rolloutRing == null ? 1 : rolloutRing;
    inferenceServer =
        inferenceServer == null ? new InferenceServerSpec(null, null) : inferenceServer;
    connector =
        connector == null ? new ConnectorSpec(null, null, null, null, null, null) : connector;
  }
}
