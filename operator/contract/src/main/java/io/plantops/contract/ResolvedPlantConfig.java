package io.plantops.contract;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Optional;

/**
 * Everything one plant's workloads need, resolved by the operator from the Plant, its TagMappings,
 * its SiteDeployments and their UseCaseTemplates. Rendered as JSON into a ConfigMap; the inference
 * server and the connector hot-reload it.
 *
 * @param schemaVersion always {@link #SCHEMA_VERSION}; a reader refuses any other
 * @param configVersion SHA-256 of the document rendered with this field empty, so identical input
 *     gives an identical document and no write
 * @param plant identity of the plant
 * @param opcua how the connector reaches the plant's OPC UA server
 * @param connector connector behaviour (buffer, staleness, writes)
 * @param signals every mapped tag the plant's use cases need, once per canonical signal
 * @param useCases one entry per SiteDeployment at the plant
 * @param substitutes canonical signals the plant does not measure, computed by the inference server
 *     from a declared constant or expression (absent from the JSON when empty); the connector never
 *     reads them
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ResolvedPlantConfig(
    String schemaVersion,
    String configVersion,
    PlantInfo plant,
    OpcUaSettings opcua,
    ConnectorSettings connector,
    List<SignalMapping> signals,
    List<UseCaseConfig> useCases,
    @JsonInclude(JsonInclude.Include.NON_EMPTY) List<SubstituteSignal> substitutes) {

  /** The only schema version this code reads and writes. */
  public static final String SCHEMA_VERSION = "plantops.io/resolved-plant-config/v1";

  public ResolvedPlantConfig {
    signals = signals == null ? List.of() : List.copyOf(signals);
    useCases = useCases == null ? List.of() : List.copyOf(useCases);
    substitutes = substitutes == null ? List.of() : List.copyOf(substitutes);
  }

  /** A config in which every signal is read from the plant. */
  public ResolvedPlantConfig(
      String schemaVersion,
      String configVersion,
      PlantInfo plant,
      OpcUaSettings opcua,
      ConnectorSettings connector,
      List<SignalMapping> signals,
      List<UseCaseConfig> useCases) {
    this(schemaVersion, configVersion, plant, opcua, connector, signals, useCases, List.of());
  }

  /** The use case with this name (SiteDeployment name), if any. */
  public Optional<UseCaseConfig> useCase(String name) {
    return useCases.stream().filter(u -> u.name().equals(name)).findFirst();
  }

  /** The mapping of this canonical signal, if any. */
  public Optional<SignalMapping> signal(String canonical) {
    return signals.stream().filter(s -> s.signal().equals(canonical)).findFirst();
  }

  /** A copy with another configVersion. */
  public ResolvedPlantConfig withConfigVersion(String version) {
    return new ResolvedPlantConfig(
        schemaVersion, version, plant, opcua, connector, signals, useCases, substitutes);
  }

  /**
   * Identity of the plant.
   *
   * @param namespace Kubernetes namespace of the plant
   * @param name Plant resource name
   * @param displayName human-readable name
   * @param timezone IANA time zone
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record PlantInfo(String namespace, String name, String displayName, String timezone) {}

  /**
   * OPC UA connection. File paths are where the Secrets are mounted in the connector container (see
   * {@link MountPaths}); the Secret data never appears in this document.
   *
   * @param endpointUrl opc.tcp URL of the plant's server
   * @param securityPolicy None, Basic256Sha256, Aes128_Sha256_RsaOaep or Aes256_Sha256_RsaPss
   * @param securityMode None, Sign or SignAndEncrypt
   * @param certificateFile PEM client certificate, or null
   * @param privateKeyFile PEM client private key, or null
   * @param usernameFile file holding the user name, or null for anonymous
   * @param passwordFile file holding the password, or null
   * @param trustedCertificatesDir directory of trusted server (or CA) certificates, or null
   * @param allowInsecure explicitly allow None/anonymous although writes are configured, and a
   *     password over SecurityPolicy None
   * @param readWriteSignals every canonical signal that a TagMapping of the plant maps ReadWrite,
   *     whether a use case uses it or not (sorted; absent from the JSON when empty), so that the
   *     connector refuses an insecure session for writable mappings as the operator does ({@link
   *     io.plantops.contract.opcua.SessionSecurity})
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record OpcUaSettings(
      String endpointUrl,
      String securityPolicy,
      String securityMode,
      String certificateFile,
      String privateKeyFile,
      String usernameFile,
      String passwordFile,
      String trustedCertificatesDir,
      boolean allowInsecure,
      @JsonInclude(JsonInclude.Include.NON_EMPTY) List<String> readWriteSignals) {

    /** A config written before {@code readWriteSignals} existed reads as none. */
    public OpcUaSettings {
      readWriteSignals = readWriteSignals == null ? List.of() : List.copyOf(readWriteSignals);
    }

    /** Settings of a plant that maps nothing ReadWrite. */
    public OpcUaSettings(
        String endpointUrl,
        String securityPolicy,
        String securityMode,
        String certificateFile,
        String privateKeyFile,
        String usernameFile,
        String passwordFile,
        String trustedCertificatesDir,
        boolean allowInsecure) {
      this(
          endpointUrl,
          securityPolicy,
          securityMode,
          certificateFile,
          privateKeyFile,
          usernameFile,
          passwordFile,
          trustedCertificatesDir,
          allowInsecure,
          List.of());
    }
  }

  /**
   * Connector behaviour.
   *
   * @param inferenceUrl base URL of the plant's inference server
   * @param bufferMaxBytes bound of the on-disk store-and-forward buffer
   * @param staleAfterIntervals a subscription that has sent no publish response (data or
   *     keep-alive) for this many of its keep-alive periods makes every signal it monitors stale
   *     ({@link io.plantops.contract.rules.Staleness})
   * @param adoptionWindowSeconds window in which an operator move towards advice counts as adopted
   * @param writesEnabled plant-wide master switch for writes
   * @param watchdogSeconds the write path is unhealthy when the inference server has not answered
   *     for this long
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record ConnectorSettings(
      String inferenceUrl,
      long bufferMaxBytes,
      int staleAfterIntervals,
      int adoptionWindowSeconds,
      boolean writesEnabled,
      int watchdogSeconds) {}

  /**
   * One mapped tag: {@code canonical = (raw * scale + offset)} converted from {@code siteUnit} to
   * {@code canonicalUnit}.
   *
   * @param signal canonical signal name
   * @param nodeId OPC UA NodeId string (ns=2;s=...)
   * @param siteUnit unit of the scaled raw value, from the unit catalog
   * @param canonicalUnit unit the use cases expect, from the unit catalog
   * @param scale raw multiplier
   * @param offset added after scaling
   * @param samplingIntervalMs requested sampling interval
   * @param writable true when mapped ReadWrite
   * @param maxAgeMs a signal whose newest value has a source timestamp older than this is stale,
   *     however healthy its subscription (a lab value that must move); null when the mapping sets
   *     no maximum age (absent from the JSON)
   * @param tagMapping name of the TagMapping whose entry this is, for messages; null when unknown
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record SignalMapping(
      String signal,
      String nodeId,
      String siteUnit,
      String canonicalUnit,
      double scale,
      double offset,
      int samplingIntervalMs,
      boolean writable,
      Long maxAgeMs,
      String tagMapping) {

    /** A mapping without a maximum age, whose TagMapping is not named. */
    public SignalMapping(
        String signal,
        String nodeId,
        String siteUnit,
        String canonicalUnit,
        double scale,
        double offset,
        int samplingIntervalMs,
        boolean writable) {
      this(
          signal,
          nodeId,
          siteUnit,
          canonicalUnit,
          scale,
          offset,
          samplingIntervalMs,
          writable,
          null,
          null);
    }

    /** The same mapping, attributed to another TagMapping (or none). */
    public SignalMapping withTagMapping(String name) {
      return new SignalMapping(
          signal,
          nodeId,
          siteUnit,
          canonicalUnit,
          scale,
          offset,
          samplingIntervalMs,
          writable,
          maxAgeMs,
          name);
    }

    /** Where this entry is written, for messages: TagMapping X, entry signal. */
    public String where() {
      return (tagMapping == null ? "the plant's TagMapping" : "TagMapping " + tagMapping)
          + ", entry "
          + signal;
    }
  }

  /**
   * A canonical signal the plant does not measure, computed by the inference server from a declared
   * substitute: {@code canonical = convert(value, siteUnit -> canonicalUnit)}, where value is the
   * constant, or the expression evaluated over its inputs (canonical signals read from the plant,
   * in their canonical units).
   *
   * @param signal canonical signal name
   * @param siteUnit unit of the constant or of the expression's result, from the unit catalog
   * @param canonicalUnit unit the use cases expect
   * @param constant the constant, or null for an expression
   * @param expression CEL over canonical signals of {@link #signals()}, or null for a constant
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record SubstituteSignal(
      String signal, String siteUnit, String canonicalUnit, Double constant, String expression) {}
}
