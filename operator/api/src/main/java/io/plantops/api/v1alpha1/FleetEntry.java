package io.plantops.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.plantops.contract.DriftStatus;
import java.util.List;

/** One SiteDeployment of a template, as seen from the template's fleet view. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record FleetEntry(
    @JsonPropertyDescription("Namespace of the plant.") String namespace,
    @JsonPropertyDescription("Plant name (the SiteDeployment's plantRef).") String plant,
    @JsonPropertyDescription("Name of the SiteDeployment.") String siteDeployment,
    @JsonPropertyDescription(
            "Whether the plant's TagMapping covers every signal the use case needs.")
        Boolean inputsCovered,
    @JsonPropertyDescription("Signals the plant has not mapped (or mapped in the wrong dimension).")
        List<String> missingSignals,
    @JsonPropertyDescription("Live phase of the SiteDeployment.") Phase phase,
    @JsonPropertyDescription("Active model version at the plant.") String activeVersion,
    @JsonPropertyDescription("Drift status at the plant.") DriftStatus drift) {}
