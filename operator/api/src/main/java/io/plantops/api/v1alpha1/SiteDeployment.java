package io.plantops.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonClassDescription;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Categories;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;

/**
 * A use case running at one plant: which template and model version, which TagMapping feeds it, the
 * local calibration, the desired autonomy stage and the approvals given. Status says what is live,
 * how it drifts and what it changes in the plant's KPIs.
 */
@Group(ApiGroup.GROUP)
@Version(ApiGroup.VERSION)
@ShortNames({"sd", "sitedep"})
@Categories(ApiGroup.CATEGORY)
@JsonClassDescription(
    "A UseCaseTemplate deployed at one plant: template and model version policy, the TagMapping"
        + " that feeds it, local calibration (tighter limits, bias, KPI baselines), the desired"
        + " autonomy stage and the approvals given. Status says what is live, gates and approvals"
        + " pending, drift, KPI change versus baseline, and the audit history.")
@AdditionalPrinterColumn(
    name = "Plant",
    jsonPath = ".spec.plantRef",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
    name = "Template",
    jsonPath = ".spec.templateRef.name",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
    name = "Desired",
    jsonPath = ".spec.stage",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
    name = "Phase",
    jsonPath = ".status.phase",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
    name = "Ready",
    jsonPath = ".status.conditions[?(@.type==\"Ready\")].status",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
    name = "Reason",
    jsonPath = ".status.conditions[?(@.type==\"Ready\")].reason",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
    name = "Active",
    jsonPath = ".status.activeModel.version",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
    name = "Drift",
    jsonPath = ".status.drift.status",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
    name = "KPI-Change-%",
    jsonPath = ".status.kpis[0].changePercent",
    type = AdditionalPrinterColumn.Type.NUMBER)
@AdditionalPrinterColumn(
    name = "Candidate",
    jsonPath = ".status.candidateModel.version",
    type = AdditionalPrinterColumn.Type.STRING,
    priority = 1)
@AdditionalPrinterColumn(
    name = "Waiting-For",
    jsonPath = ".status.pendingPromotion",
    type = AdditionalPrinterColumn.Type.STRING,
    priority = 1)
@AdditionalPrinterColumn(
    name = "Age",
    jsonPath = ".metadata.creationTimestamp",
    type = AdditionalPrinterColumn.Type.DATE)
public class SiteDeployment extends CustomResource<SiteDeploymentSpec, SiteDeploymentStatus>
    implements Namespaced {

  @Override
  @JsonPropertyDescription("The use case as deployed and tuned by the plant team.")
  public SiteDeploymentSpec getSpec() {
    return super.getSpec();
  }

  @Override
  @JsonPropertyDescription(
      "What is live, promotion gates and approvals, drift, KPIs and history, written by the"
          + " operator.")
  public SiteDeploymentStatus getStatus() {
    return super.getStatus();
  }
}
