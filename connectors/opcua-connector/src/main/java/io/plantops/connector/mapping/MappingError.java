package io.plantops.connector.mapping;

/** Why a notification could not become a good canonical sample (metric label values). */
public enum MappingError {
  /** Good status but no value. */
  NULL_VALUE("null_value"),
  /** A value that is not a number or boolean (string, array, structure). */
  UNSUPPORTED_TYPE("unsupported_type"),
  /** NaN or infinite raw value with a Good or Uncertain status. */
  NOT_FINITE("not_finite"),
  /** A notification for an item the connector did not create. */
  UNKNOWN_ITEM("unknown_item");

  private final String label;

  MappingError(String label) {
    this.label = label;
  }

  /** The metric label value. */
  public String label() {
    return label;
  }
}
