package io.plantops.connector.browse;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * A variable found by browsing a plant's address space.
 *
 * @param nodeId NodeId in parseable form ({@code ns=2;s=...})
 * @param path browse path of display names from Objects
 * @param browseName browse name
 * @param description the server's description, or null
 * @param dataType built-in type name (Double, Float, Int32...) or the DataType NodeId
 * @param writable true when the access level allows writes
 * @param engineeringUnits display name of EngineeringUnits, or null
 * @param unitId EUInformation unitId (UNECE code packed), or null
 * @param unitSymbol the plantops unit catalog symbol the engineering unit maps to, or null
 * @param unitScale factor from the raw value to {@code unitSymbol} (e.g. 0.1 for per mille)
 * @param euLow EURange low, or null
 * @param euHigh EURange high, or null
 * @param value current value when numeric, or null
 * @param minimumSamplingIntervalMs the node's MinimumSamplingInterval, or null
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record BrowsedVariable(
    String nodeId,
    String path,
    String browseName,
    String description,
    String dataType,
    boolean writable,
    String engineeringUnits,
    Integer unitId,
    String unitSymbol,
    double unitScale,
    Double euLow,
    Double euHigh,
    Double value,
    Double minimumSamplingIntervalMs) {}
