package io.plantops.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.List;

/** Desired state of a {@link SiteDeployment}. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
    value =
        "(has(self.versionPolicy) && self.versionPolicy == 'FollowLatest')"
            + " || has(self.templateRef.version)",
    message = "versionPolicy Pinned (the default) needs templateRef.version",
    fieldPath = ".templateRef.version")
public record SiteDeploymentSpec(
    @JsonPropertyDescription("Name of the Plant, in the same namespace.")
        @Required
        @Pattern(Patterns.OBJECT_NAME)
        @Size(max = 253)
        String plantRef,
    @JsonPropertyDescription("The UseCaseTemplate and, when pinned, its model version.") @Required
        TemplateRef templateRef,
    @JsonPropertyDescription(
            "Pinned (run templateRef.version) or FollowLatest (run the template's highest"
                + " version). Either way a new version runs in shadow first.")
        @Default("Pinned")
        VersionPolicy versionPolicy,
    @JsonPropertyDescription(
            "Name of the TagMapping, in the same namespace, that feeds this use case.")
        @Required
        @Pattern(Patterns.OBJECT_NAME)
        @Size(max = 253)
        String tagMappingRef,
    @JsonPropertyDescription(
            "Desired autonomy: Shadow, Advisory or ClosedLoop. The operator climbs one stage at a"
                + " time as gates pass and approvals are given; status.phase says what is live.")
        @Default("Shadow")
        Stage stage,
    @JsonPropertyDescription("Local tuning: tighter limits, output bias, KPI baselines.")
        Calibration calibration,
    @JsonPropertyDescription("Approvals of stages and versions, appended by the plant's approvers.")
        @Size(max = 64)
        List<Approval> approvals) {

  /** Compact constructor: applies the schema defaults so readers never see null. */
  public SiteDeploymentSpec {
    versionPolicy = versionPolicy == null ? VersionPolicy.Pinned : versionPolicy;
    stage = stage == null ? Stage.Shadow : stage;
    calibration = calibration == null ? Calibration.none() : calibration;
    approvals = approvals == null ? List.of() : List.copyOf(approvals);
  }
}
