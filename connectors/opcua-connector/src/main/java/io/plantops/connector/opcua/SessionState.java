package io.plantops.connector.opcua;

/** The connector's view of its OPC UA session (also the status and metric values). */
public enum SessionState {
  /** Trying to connect or reconnect. */
  Connecting,
  /** Session active, subscriptions created. */
  Connected,
  /** Lost; the client is reconnecting. */
  Disconnected,
  /** The connector will not connect with this config (insecure with writes, bad material). */
  Refused
}
