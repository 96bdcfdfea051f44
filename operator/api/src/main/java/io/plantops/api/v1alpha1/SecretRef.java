package io.plantops.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;

/**
 * A reference to a Secret in the resource's own namespace. plantops never copies Secret data into a
 * custom resource or a ConfigMap: the Secret is mounted into the workload that needs it.
 */
public record SecretRef(
    @JsonPropertyDescription("Name of the Secret, in the same namespace.")
        @Required
        @Pattern(Patterns.OBJECT_NAME)
        @Size(max = 253)
        String name) {}
