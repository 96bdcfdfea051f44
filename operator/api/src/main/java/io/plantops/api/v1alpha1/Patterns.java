package io.plantops.api.v1alpha1;

import io.plantops.contract.opcua.NodeIdSyntax;

/** Regular expressions shared by several fields of the schema. */
public final class Patterns {
  /**
   * A canonical signal name: lowercase dotted segments, e.g. {@code kiln.feed.rate} or {@code
   * clinker.free_lime.lab}.
   */
  public static final String SIGNAL = "^[a-z][a-z0-9_]*(\\.[a-z][a-z0-9_]*)*$";

  /** An identifier usable in calibration maps and CEL: {@code fuel_setpoint}. */
  public static final String IDENTIFIER = "^[a-z][a-z0-9_]*$";

  /** A Kubernetes object name (RFC 1123 subdomain, the rule for most kinds). */
  public static final String OBJECT_NAME =
      "^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$";

  /** A semantic version without build metadata: {@code 1.2.0}, {@code 1.3.0-rc.1}. */
  public static final String SEMVER =
      "^(0|[1-9]\\d*)\\.(0|[1-9]\\d*)\\.(0|[1-9]\\d*)(-[0-9A-Za-z-]+(\\.[0-9A-Za-z-]+)*)?$";

  /** A lowercase hex SHA-256 digest. */
  public static final String SHA256 = "^[a-f0-9]{64}$";

  /** An RFC 3339 timestamp, as Kubernetes writes them. */
  public static final String RFC3339 =
      "^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d+)?(Z|[+-]\\d{2}:\\d{2})$";

  /**
   * A unit expression from the plantops unit catalog (docs/units.md): symbols such as {@code t/h},
   * {@code kg/min}, {@code °C}, {@code degF}, {@code %}, {@code rpm}, {@code kJ/kg}, combined with
   * {@code /}, {@code *}, {@code ·} and integer powers. The operator parses it with Indriya.
   */
  public static final String UNIT = "^[A-Za-z0-9°%µ/*·^().\\-]{1,32}$";

  /**
   * An OPC UA NodeId in its string form (OPC UA Part 6 §5.3.1.10): an optional {@code ns=} or
   * {@code nsu=} prefix, then {@code i=}, {@code s=}, {@code g=} or {@code b=}.
   */
  public static final String NODE_ID = NodeIdSyntax.PATTERN;

  /**
   * The time part of {@link #DURATION}: {@code T}, then hours, minutes or seconds, at least one.
   */
  private static final String TIME_PART =
      "T(\\d+H(\\d+M)?(\\d+(\\.\\d+)?S)?|\\d+M(\\d+(\\.\\d+)?S)?|\\d+(\\.\\d+)?S)";

  /**
   * An ISO-8601 duration in days, hours, minutes and seconds, as {@link java.time.Duration#parse}
   * reads it: {@code PT4H}, {@code P1D}, {@code PT30M}, {@code P1DT12H}, {@code PT0.5S}. No years
   * or months (their length varies), and at least one component.
   */
  public static final String DURATION = "^P(\\d+D(" + TIME_PART + ")?|" + TIME_PART + ")$";

  /** A model URI: {@code file://}, {@code http(s)://} or {@code configmap://name/key}. */
  public static final String MODEL_URI = "^(file|https?|configmap)://.+$";

  /** A role name in an approval policy: {@code plant-process-engineer}. */
  public static final String ROLE = "^[a-z][a-z0-9-]*$";

  /** A Kubernetes resource quantity: {@code 500m}, {@code 1}, {@code 256Mi}. */
  public static final String QUANTITY = "^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$";

  /** An IANA time zone name: {@code Europe/Paris}, {@code America/Chicago}, {@code UTC}. */
  public static final String TIMEZONE = "^[A-Za-z_]+(/[A-Za-z0-9_+\\-]+)*$";

  private Patterns() {}
}
