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
 * A plant (site), owned by its plant team in its own namespace: the OPC UA server to connect to and
 * how, and the resources of its inference server and connector. The operator runs one of each per
 * plant and reports onboarding milestones in status.
 */
@Group(ApiGroup.GROUP)
@Version(ApiGroup.VERSION)
@ShortNames("plt")
@Categories(ApiGroup.CATEGORY)
@JsonClassDescription(
    "A plant owned by its plant team: its OPC UA endpoint and security (Secret references only),"
        + " rollout ring and the resources of its inference server and connector. The operator runs"
        + " one inference server and one connector per plant and reports onboarding milestones.")
@AdditionalPrinterColumn(
    name = "Display",
    jsonPath = ".spec.displayName",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
    name = "Ring",
    jsonPath = ".spec.rolloutRing",
    type = AdditionalPrinterColumn.Type.INTEGER)
@AdditionalPrinterColumn(
    name = "Phase",
    jsonPath = ".status.phase",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
    name = "Signals",
    jsonPath = ".status.mappedSignals",
    type = AdditionalPrinterColumn.Type.INTEGER)
@AdditionalPrinterColumn(
    name = "Use-Cases",
    jsonPath = ".status.siteDeployments",
    type = AdditionalPrinterColumn.Type.INTEGER)
@AdditionalPrinterColumn(
    name = "Endpoint",
    jsonPath = ".spec.opcua.endpointUrl",
    type = AdditionalPrinterColumn.Type.STRING,
    priority = 1)
@AdditionalPrinterColumn(
    name = "Age",
    jsonPath = ".metadata.creationTimestamp",
    type = AdditionalPrinterColumn.Type.DATE)
public class Plant extends CustomResource<PlantSpec, PlantStatus> implements Namespaced {

  @Override
  @JsonPropertyDescription("The plant as its plant team declares it.")
  public PlantSpec getSpec() {
    return super.getSpec();
  }

  @Override
  @JsonPropertyDescription(
      "Workloads, onboarding milestones and conditions, written by the operator.")
  public PlantStatus getStatus() {
    return super.getStatus();
  }
}
