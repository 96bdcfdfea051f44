package io.plantops.connector.opcua;

/**
 * OPC UA tuning that is not in the resolved config.
 *
 * @param recoveryWindowMs how long a connection loss the server's queues should bridge
 * @param requestTimeoutMs OPC UA request timeout, and the time a setpoint write may take
 * @param keepAliveIntervalMs session keep-alive (read of the server state) interval
 */
public record OpcUaTuning(long recoveryWindowMs, long requestTimeoutMs, long keepAliveIntervalMs) {

  /** Defaults: bridge 2 minutes, 10 s requests, keep-alive every 2 s. */
  public static OpcUaTuning defaults() {
    return new OpcUaTuning(120_000, 10_000, 2_000);
  }
}
