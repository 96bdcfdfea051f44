package io.plantops.connector.opcua;

/** The OPC UA security settings cannot be used; the message names the field and the fix. */
public final class SecurityConfigException extends Exception {
  private static final long serialVersionUID = 1L;

  public SecurityConfigException(String message) {
    super(message);
  }
}
