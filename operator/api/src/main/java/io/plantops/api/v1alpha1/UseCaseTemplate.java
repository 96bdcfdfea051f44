package io.plantops.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonClassDescription;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Categories;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;

/**
 * A reusable use case owned by the corporate AI team (cluster scoped): the canonical signals it
 * reads, the outputs it recommends, its model versions, KPIs, drift rules and promotion policy.
 * Plants deploy it with a {@link SiteDeployment} and tune it with local calibration, never by
 * forking it.
 */
@Group(ApiGroup.GROUP)
@Version(ApiGroup.VERSION)
@ShortNames({"uct", "usecase"})
@Categories(ApiGroup.CATEGORY)
@JsonClassDescription(
    "A reusable AI use case owned by the corporate AI team: canonical input signals, outputs with"
        + " hard limits, ONNX model versions with digests and reference statistics, KPIs as CEL"
        + " expressions, drift rules and the promotion policy (stages, gates, approver roles)."
        + " Plants deploy it with a SiteDeployment.")
@AdditionalPrinterColumn(
    name = "Display",
    jsonPath = ".spec.displayName",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
    name = "Latest",
    jsonPath = ".status.latestVersion",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
    name = "Max-Stage",
    jsonPath = ".spec.promotion.maxAutonomy",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
    name = "Coverage",
    jsonPath = ".status.coverage",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
    name = "Rollout",
    jsonPath = ".status.rollout.state",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
    name = "Rings",
    jsonPath = ".status.rollout.summary",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
    name = "Next-Ring",
    jsonPath = ".status.rollout.message",
    type = AdditionalPrinterColumn.Type.STRING,
    priority = 1)
@AdditionalPrinterColumn(
    name = "Valid",
    jsonPath = ".status.conditions[?(@.type==\"Valid\")].status",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
    name = "Age",
    jsonPath = ".metadata.creationTimestamp",
    type = AdditionalPrinterColumn.Type.DATE)
public class UseCaseTemplate extends CustomResource<UseCaseTemplateSpec, UseCaseTemplateStatus> {

  @Override
  @JsonPropertyDescription("The use case as the corporate AI team defines it.")
  public UseCaseTemplateSpec getSpec() {
    return super.getSpec();
  }

  @Override
  @JsonPropertyDescription("Validation result and the fleet view, written by the operator.")
  public UseCaseTemplateStatus getStatus() {
    return super.getStatus();
  }
}
