package io.plantops.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;

/** Which UseCaseTemplate, and which model version of it, a site runs. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TemplateRef(
    @JsonPropertyDescription("Name of the cluster-scoped UseCaseTemplate.")
        @Required
        @Pattern(Patterns.OBJECT_NAME)
        @Size(max = 253)
        String name,
    @JsonPropertyDescription(
            "Model version to run when versionPolicy is Pinned (required then). Ignored with"
                + " FollowLatest.")
        @Pattern(Patterns.SEMVER)
        @Size(max = 64)
        String version) {}
