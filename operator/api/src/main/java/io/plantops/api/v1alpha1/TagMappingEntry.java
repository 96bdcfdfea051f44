package io.plantops.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;

/**
 * One plant tag mapped onto one canonical signal. The connector computes {@code canonical =
 * convert(raw * scale + offset, unit -> canonical unit)}; a write applies the inverse. An input the
 * plant lacks may instead be given a {@link Substitute} (no nodeId), which the inference server
 * computes and converts from {@code unit} to the canonical unit.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(value = "!has(self.scale) || self.scale != 0.0", message = "scale must not be 0")
@ValidationRule(
    value = "has(self.nodeId) != has(self.substitute)",
    message =
        "give either nodeId (a plant tag) or substitute (a declared stand-in for an absent input),"
            + " exactly one")
@ValidationRule(
    value = "!has(self.substitute) || !has(self.access) || self.access == 'Read'",
    message = "a substituted signal is never written: set access Read or map a plant tag")
public record TagMappingEntry(
    @JsonPropertyDescription("Canonical signal this tag provides, e.g. kiln.feed.rate.")
        @Required
        @Pattern(Patterns.SIGNAL)
        @Size(max = 63)
        String signal,
    @JsonPropertyDescription(
            "OPC UA NodeId of the tag in string form, e.g. nsu=urn:vendor:dcs;i=1042 or"
                + " ns=2;s=K1.FEED.PV. Prefer nsu=<namespace URI>: a server may renumber its"
                + " namespaces when it restarts, and the connector refuses an ns=<index> NodeId"
                + " whose index the server has given to another namespace URI since it first"
                + " connected. Required unless substitute is given.")
        @Pattern(Patterns.NODE_ID)
        @Size(max = 512)
        String nodeId,
    @JsonPropertyDescription(
            "Unit of the value after scale and offset (or of the substitute's value), from the"
                + " plantops unit catalog (e.g. kg/min, degF). The operator checks it converts to"
                + " the template's canonical unit.")
        @Required
        @Pattern(Patterns.UNIT)
        String unit,
    @JsonPropertyDescription("Multiplier applied to the raw value before unit conversion.")
        @Default("1.0")
        Double scale,
    @JsonPropertyDescription("Added to the scaled raw value before unit conversion.")
        @Default("0.0")
        Double offset,
    @JsonPropertyDescription(
            "OPC UA sampling interval requested for the tag, in milliseconds (the server may"
                + " revise it).")
        @Default("1000")
        @Min(10)
        @Max(86400000)
        Integer samplingIntervalMs,
    @JsonPropertyDescription(
            "Read (subscribe only) or ReadWrite (setpoints the connector may write in ClosedLoop).")
        @Default("Read")
        Access access,
    @JsonPropertyDescription("Local description, e.g. the tag's name in the DCS.") @Size(max = 256)
        String description,
    @JsonPropertyDescription(
            "Optional maximum age, as an ISO-8601 duration (PT4H, P1D, PT30M): the signal is stale"
                + " when the source timestamp of its newest value is older than this, however"
                + " healthy its subscription. For tags that must move, such as a lab value. Without"
                + " it a value that does not change stays valid while its subscription is alive"
                + " (OPC UA report by exception).")
        @Pattern(Patterns.DURATION)
        @Size(max = 32)
        String maxAge,
    @JsonPropertyDescription(
            "A declared stand-in for an input the plant does not measure, instead of nodeId: a"
                + " constant or a CEL expression over signals mapped from plant tags. Accepted only"
                + " for inputs the template marks substitutable; the SiteDeployment's status lists"
                + " it, and the template's promotion policy bounds how many a site may have at"
                + " ClosedLoop. scale and offset do not apply.")
        Substitute substitute) {

  /** Compact constructor: applies the schema defaults so readers never see null. */
  public TagMappingEntry {
    scale = scale == null ? 1.0 : scale;
    offset = offset == null ? 0.0 : offset;
    samplingIntervalMs = samplingIntervalMs == null ? 1000 : samplingIntervalMs;
    access = access == null ? Access.Read : access;
  }

  /** An entry read from a plant tag, without a maximum age. */
  public TagMappingEntry(
      String signal,
      String nodeId,
      String unit,
      Double scale,
      Double offset,
      Integer samplingIntervalMs,
      Access access,
      String description) {
    this(signal, nodeId, unit, scale, offset, samplingIntervalMs, access, description, null);
  }

  /** An entry read from a plant tag, with an optional maximum age. */
  public TagMappingEntry(
      String signal,
      String nodeId,
      String unit,
      Double scale,
      Double offset,
      Integer samplingIntervalMs,
      Access access,
      String description,
      String maxAge) {
    this(
        signal, nodeId, unit, scale, offset, samplingIntervalMs, access, description, maxAge, null);
  }

  /** An entry computed from a declared substitute instead of read from the plant. */
  public static TagMappingEntry substituted(
      String signal, String unit, Substitute substitute, String description) {
    return new TagMappingEntry(
        signal, null, unit, null, null, null, null, description, null, substitute);
  }

  /** True when the entry is a substitute, not a plant tag. */
  public boolean derived() {
    return substitute != null;
  }
}
