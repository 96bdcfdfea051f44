package io.plantops.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;

/**
 * One released version of a use case's ONNX model. The inference server verifies {@code sha256}
 * before it creates a session and refuses the model otherwise.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ModelVersion(
    @JsonPropertyDescription("Semantic version of the model, e.g. 1.2.0. Unique in the template.")
        @Required
        @Pattern(Patterns.SEMVER)
        @Size(max = 64)
        String version,
    @JsonPropertyDescription(
            "Where the ONNX file is: file:///models/kiln/1.2.0.onnx (a mounted volume),"
                + " https://models.example.com/kiln-1.2.0.onnx, or configmap://name/key in the"
                + " plant's namespace.")
        @Required
        @Pattern(Patterns.MODEL_URI)
        @Size(max = 2048)
        String uri,
    @JsonPropertyDescription("SHA-256 of the ONNX file, 64 lowercase hex characters.")
        @Required
        @Pattern(Patterns.SHA256)
        String sha256,
    @JsonPropertyDescription(
            "Name of the model's input tensor, a float tensor of shape [N, inputs.size()] whose"
                + " columns follow the order of spec.inputs.")
        @Default("input")
        @Size(max = 128)
        String inputTensor,
    @JsonPropertyDescription(
            "Name of the model's output tensor, a float tensor of shape [N, outputs.size()] whose"
                + " columns follow the order of spec.outputs.")
        @Default("output")
        @Size(max = 128)
        String outputTensor,
    @JsonPropertyDescription("When the version was released (RFC 3339).") @Pattern(Patterns.RFC3339)
        String releasedAt,
    @JsonPropertyDescription("Release notes: what changed and why.") @Size(max = 2048) String notes,
    @JsonPropertyDescription("Training-data statistics used as the drift reference.") @Required
        ReferenceStatistics reference) {

  /** Compact constructor: applies the schema defaults so readers never see null. */
  public ModelVersion {
    inputTensor = inputTensor == null ? "input" : inputTensor;
    outputTensor = outputTensor == null ? "output" : outputTensor;
  }
}
