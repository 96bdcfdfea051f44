package io.plantops.contract;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * The active model's output for one evaluation, as served by {@code GET
 * /v1/recommendations?after=seq}. Candidate (shadow) outputs never appear here.
 *
 * @param seq monotonic sequence number within the inference server's lifetime
 * @param useCase SiteDeployment name
 * @param modelVersion version of the active model that produced it
 * @param phase live autonomy when it was produced: the connector writes only ClosedLoop ones
 * @param timestampMs evaluation time, epoch milliseconds
 * @param snapshotId id of the input snapshot (features) it was computed from
 * @param outputs values after bias and clamping to the effective limits
 * @param explanation top contributing inputs, largest absolute contribution first
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Recommendation(
    long seq,
    String useCase,
    String modelVersion,
    Autonomy phase,
    long timestampMs,
    String snapshotId,
    List<OutputValue> outputs,
    List<Contribution> explanation) {

  public Recommendation {
    outputs = outputs == null ? List.of() : List.copyOf(outputs);
    explanation = explanation == null ? List.of() : List.copyOf(explanation);
  }

  /**
   * One output value.
   *
   * @param name output name
   * @param signal canonical target signal
   * @param unit output unit
   * @param value recommended value after bias and clamping
   * @param raw model output before bias and clamping
   * @param clamped true when clamping changed the value
   */
  public record OutputValue(
      String name, String signal, String unit, double value, double raw, boolean clamped) {}

  /**
   * How much one input moved the first output, by local sensitivity.
   *
   * @param signal canonical input signal
   * @param value the feature value used
   * @param contribution signed effect on the first output, in its unit
   */
  public record Contribution(String signal, double value, double contribution) {}
}
