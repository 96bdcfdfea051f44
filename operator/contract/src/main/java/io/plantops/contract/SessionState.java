package io.plantops.contract;

/** The connector's OPC UA session with the plant's server. */
public enum SessionState {
  /** No session yet: the first connect (or one after a config change) is under way. */
  Connecting,
  /** A session is active and its subscriptions are in place. */
  Connected,
  /** A session was lost; the connector reconnects with backoff. */
  Disconnected,
  /** The configuration refuses to connect (for example, insecure with writable mappings). */
  Refused
}
