package io.plantops.contract;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * Samples sent by the connector to {@code POST /v1/signals}. A batch replayed from the
 * store-and-forward buffer keeps its id, so the inference server can drop a duplicate.
 *
 * @param plant plant name, checked against the server's config
 * @param batchId unique id of the batch
 * @param replayed true when the batch comes from the store-and-forward buffer
 * @param samples the samples, any order
 * @param stale the connector's liveness report when it cut the batch: the mapped signals it held
 *     stale then (sorted). Every other mapped signal was valid then, its newest value held by a
 *     live subscription (report by exception, OPC UA Part 4 §5.12.1): that is how the inference
 *     server knows a value that has not changed for days is still the plant's value. Null (absent
 *     from the JSON) when the batch carries no liveness report: sent by a connector that predates
 *     the field
 */
public record SignalBatch(
    String plant,
    String batchId,
    boolean replayed,
    List<SignalSample> samples,
    @JsonInclude(JsonInclude.Include.NON_NULL) List<String> stale) {

  public SignalBatch {
    samples = samples == null ? List.of() : List.copyOf(samples);
    stale = stale == null ? null : List.copyOf(stale);
  }

  /** A batch without a liveness report. */
  public SignalBatch(String plant, String batchId, boolean replayed, List<SignalSample> samples) {
    this(plant, batchId, replayed, samples, null);
  }

  /** True when the batch carries the connector's liveness report. */
  public boolean reportsLiveness() {
    return stale != null;
  }
}
