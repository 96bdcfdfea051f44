package io.plantops.operator.observe;

import io.plantops.contract.ConnectorStatus;
import io.plantops.contract.InferenceStatus;

/**
 * What a plant's two workloads last reported on their status endpoints.
 *
 * @param inference the inference server's {@code GET /v1/status}
 * @param connector the connector's {@code GET /v1/status}
 */
public record PlantObservation(Probe<InferenceStatus> inference, Probe<ConnectorStatus> connector) {

  /** Nothing polled yet. */
  public static PlantObservation notPolled() {
    return new PlantObservation(Probe.notPolled(), Probe.notPolled());
  }
}
