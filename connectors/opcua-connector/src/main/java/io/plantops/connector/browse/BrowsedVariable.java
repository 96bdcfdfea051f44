package io.plantops.connector.browse;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * A variable found by browsing a plant's address space.
 *
 * @param nodeId NodeId named by namespace URI ({@code nsu=urn:vendor:tags;s=...}), the form that
 *     survives a server restart; by index only when the URI cannot be written in an nsu= prefix
 * @param path browse path of display names from Objects
 * @param browseName browse name
 * @param description the server's description, or null
 * @param dataType built-in type name (Double, Float, Int32...) or the DataType NodeId
 * @param writable true when the access level allows writes
 * @param engineeringUnits display name of EngineeringUnits, or null
 * @param unitId EUInformation unitId (UNECE code packed), or null
 * @param uneceCode the UNECE common code packed in {@code unitId}, or null
 * @param unit the unit catalog expression the engineering unit resolves to, or null when unknown
 * @param unitSource how {@code unit} was resolved ({@code unitId 13399 (UNECE 4W)}, {@code display
 *     name 'st/h'}), or why it was not ({@code unknown unit 'X' (unitId N)}, no EngineeringUnits)
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
    String uneceCode,
    String unit,
    String unitSource,
    Double euLow,
    Double euHigh,
    Double value,
    Double minimumSamplingIntervalMs) {}
