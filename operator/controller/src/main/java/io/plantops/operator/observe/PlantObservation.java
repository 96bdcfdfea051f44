package io.plantops.operator.observe;

import io.plantops.contract.ConnectorStatus;
import io.plantops.contract.InferenceStatus;
import java.time.Instant;
import java.util.Optional;

/**
 * What a plant's two workloads last reported on their status endpoints.
 *
 * @param inference the inference server's {@code GET /v1/status}
 * @param connector the connector's {@code GET /v1/status}
 * @param connection the plant connection as the connector last reported it, kept while the
 *     connector does not answer; empty while it never answered
 */
public record PlantObservation(
    Probe<InferenceStatus> inference,
    Probe<ConnectorStatus> connector,
    Optional<PlantConnection> connection) {

  /** Nothing polled yet. */
  public static PlantObservation notPolled() {
    return new PlantObservation(Probe.notPolled(), Probe.notPolled(), Optional.empty());
  }

  /** What one poll at {@code now} read, with the plant connection carried from {@code before}. */
  public static PlantObservation polled(
      Probe<InferenceStatus> inference,
      Probe<ConnectorStatus> connector,
      PlantObservation before,
      Instant now) {
    return new PlantObservation(
        inference, connector, PlantConnection.next(before.connection(), connector, now));
  }
}
