package io.plantops.contract;

/** Container ports and HTTP paths of the workloads, in one place. */
public final class Ports {

  /** Inference server HTTP: Open Inference Protocol v2, /v1 API, /metrics, health. */
  public static final int INFERENCE_HTTP = 8080;

  /** Connector HTTP: /v1/status, /v1/browse, /metrics, health. */
  public static final int CONNECTOR_HTTP = 8081;

  /** Environment variable that overrides the HTTP port (the sandbox assigns free ports). */
  public static final String HTTP_PORT_ENV = "PLANTOPS_HTTP_PORT";

  /** Liveness path, both workloads (same as OIP v2). */
  public static final String LIVE_PATH = "/v2/health/live";

  /** Readiness path, both workloads (same as OIP v2). */
  public static final String READY_PATH = "/v2/health/ready";

  /** Prometheus exposition path, both workloads. */
  public static final String METRICS_PATH = "/metrics";

  /** Status document path, both workloads. */
  public static final String STATUS_PATH = "/v1/status";

  private Ports() {}
}
