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
 * How one plant's tags map onto the canonical signal vocabulary: NodeId, site unit, scale and
 * offset, sampling interval and access. This is the plant team's "last mile" that lets a template
 * run unchanged at a new site.
 */
@Group(ApiGroup.GROUP)
@Version(ApiGroup.VERSION)
@ShortNames("tm")
@Categories(ApiGroup.CATEGORY)
@JsonClassDescription(
    "Maps a plant's own OPC UA tags onto the canonical signal vocabulary: NodeId, site unit"
        + " (converted to the canonical unit), scale and offset, sampling interval, Read or"
        + " ReadWrite access.")
@AdditionalPrinterColumn(
    name = "Plant",
    jsonPath = ".spec.plantRef",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
    name = "Signals",
    jsonPath = ".status.mappedSignals",
    type = AdditionalPrinterColumn.Type.INTEGER)
@AdditionalPrinterColumn(
    name = "Writable",
    jsonPath = ".status.writableSignals",
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
public class TagMapping extends CustomResource<TagMappingSpec, TagMappingStatus>
    implements Namespaced {

  @Override
  @JsonPropertyDescription("The plant's tag mappings.")
  public TagMappingSpec getSpec() {
    return super.getSpec();
  }

  @Override
  @JsonPropertyDescription("Validation result, written by the operator.")
  public TagMappingStatus getStatus() {
    return super.getStatus();
  }
}
