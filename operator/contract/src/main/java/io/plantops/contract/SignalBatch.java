package io.plantops.contract;

import java.util.List;

/**
 * Samples sent by the connector to {@code POST /v1/signals}. A batch replayed from the
 * store-and-forward buffer keeps its id, so the inference server can drop a duplicate.
 *
 * @param plant plant name, checked against the server's config
 * @param batchId unique id of the batch
 * @param replayed true when the batch comes from the store-and-forward buffer
 * @param samples the samples, any order
 */
public record SignalBatch(
    String plant, String batchId, boolean replayed, List<SignalSample> samples) {

  public SignalBatch {
    samples = samples == null ? List.of() : List.copyOf(samples);
  }
}
