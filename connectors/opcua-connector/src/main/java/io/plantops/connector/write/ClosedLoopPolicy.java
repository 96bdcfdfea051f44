package io.plantops.connector.write;

import io.plantops.connector.mapping.SignalView;
import io.plantops.contract.Autonomy;
import io.plantops.contract.Quality;
import io.plantops.contract.Recommendation;
import io.plantops.contract.UseCaseConfig;
import io.plantops.contract.UseCaseConfig.Output;
import io.plantops.contract.UseCaseConfig.OutputKind;
import io.plantops.contract.WriteReason;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Decides, for one use case, what each recommendation may write: pure and clock-injected (time
 * comes in the {@link Context}), so the property test can drive millions of messages through it.
 *
 * <p>A setpoint is written only when every check passes, in this order: the message is new, in
 * order and fresh ({@link RecommendationGate}); the use case's live phase and the message's phase
 * are ClosedLoop; the output is a Setpoint marked {@code write} (itself implying a ReadWrite
 * mapping and plant writes enabled), checked again here against the mapping and the plant switch;
 * the model version is the active one; the watchdog says the loop is healthy; every input is Good
 * and fresh; and the {@link WriteEnvelope} lets the value through.
 */
public final class ClosedLoopPolicy {

  /**
   * What the world looks like when a recommendation arrives.
   *
   * @param nowMs current time
   * @param loopHealthy the watchdog's verdict
   * @param loopDetail why the loop is unhealthy, or empty
   * @param inputs the use case's inputs as the connector sees them
   * @param setpoints the plant's current setpoint per output name, when Good and fresh
   */
  public record Context(
      long nowMs,
      boolean loopHealthy,
      String loopDetail,
      List<SignalView> inputs,
      Map<String, OptionalDouble> setpoints) {}

  /**
   * The decision for one output.
   *
   * @param output output name
   * @param signal canonical target signal
   * @param reason written or withheld, and why
   * @param requested recommended value (NaN when absent)
   * @param target value after clamping (NaN when not reached)
   * @param value value to write (NaN when withheld)
   * @param base plant setpoint before the write (NaN when unknown)
   * @param detail human-readable detail, or empty
   */
  public record Decision(
      String output,
      String signal,
      WriteReason reason,
      double requested,
      double target,
      double value,
      double base,
      String detail) {

    /** True when {@link #value()} is to be written. */
    public boolean write() {
      return reason.written();
    }
  }

  private final UseCaseConfig useCase;
  private final boolean writesEnabled;
  private final Set<String> writableSignals;
  private final long maxAgeMs;
  private final long maxSkewMs;
  private final RecommendationGate gate = new RecommendationGate();
  private final Map<String, WriteEnvelope> envelopes = new LinkedHashMap<>();
  private final List<Output> setpoints;

  /**
   * A policy for {@code useCase}.
   *
   * @param writesEnabled the plant-wide write switch
   * @param writableSignals canonical signals mapped ReadWrite
   * @param maxAgeMs a recommendation older than this is not written (the watchdog period)
   * @param maxSkewMs tolerated clock difference with the inference server
   */
  public ClosedLoopPolicy(
      UseCaseConfig useCase,
      boolean writesEnabled,
      Set<String> writableSignals,
      long maxAgeMs,
      long maxSkewMs) {
    this.useCase = useCase;
    this.writesEnabled = writesEnabled;
    this.writableSignals = Set.copyOf(writableSignals);
    this.maxAgeMs = maxAgeMs;
    this.maxSkewMs = maxSkewMs;
    this.setpoints =
        useCase.outputs().stream().filter(o -> o.kind() == OutputKind.Setpoint).toList();
    for (Output o : setpoints) {
      envelopes.put(o.name(), new WriteEnvelope(limits(o)));
    }
  }

  private static WriteEnvelope.Limits limits(Output o) {
    return new WriteEnvelope.Limits(
        o.min() == null ? Double.NaN : o.min(),
        o.max() == null ? Double.NaN : o.max(),
        o.maxRatePerMinute() == null ? Double.NaN : o.maxRatePerMinute(),
        o.deadband());
  }

  /** The use case. */
  public UseCaseConfig useCase() {
    return useCase;
  }

  /** The setpoint outputs this policy judges. */
  public List<Output> setpointOutputs() {
    return setpoints;
  }

  /** One decision per setpoint output of the use case. */
  public List<Decision> evaluate(Recommendation rec, long epoch, Context ctx) {
    List<Decision> decisions = new ArrayList<>(setpoints.size());
    Optional<WriteReason> refused =
        gate.admit(epoch, rec.seq(), rec.timestampMs(), ctx.nowMs(), maxAgeMs, maxSkewMs);
    String staleInputs = names(ctx.inputs(), true);
    String badInputs = names(ctx.inputs(), false);
    for (Output o : setpoints) {
      Optional<Recommendation.OutputValue> value =
          rec.outputs().stream().filter(v -> v.name().equals(o.name())).findFirst();
      double requested = value.map(Recommendation.OutputValue::value).orElse(Double.NaN);
      WriteReason reason = null;
      String detail = "";
      if (refused.isPresent()) {
        reason = refused.get();
        detail = "seq " + rec.seq() + " at " + rec.timestampMs();
      } else if (value.isEmpty()) {
        reason = WriteReason.OUTPUT_MISSING;
      } else if (useCase.phase() != Autonomy.ClosedLoop || rec.phase() != Autonomy.ClosedLoop) {
        reason = WriteReason.NOT_CLOSED_LOOP;
        detail = "live phase " + useCase.phase() + ", recommendation phase " + rec.phase();
      } else if (!o.write() || !writesEnabled || !writableSignals.contains(o.signal())) {
        reason = WriteReason.NOT_WRITABLE;
        detail =
            "write="
                + o.write()
                + " writesEnabled="
                + writesEnabled
                + " mappedReadWrite="
                + writableSignals.contains(o.signal());
      } else if (useCase.activeModel() == null
          || !useCase.activeModel().version().equals(rec.modelVersion())) {
        reason = WriteReason.UNKNOWN_MODEL_VERSION;
        detail =
            "recommendation from "
                + rec.modelVersion()
                + ", active model "
                + (useCase.activeModel() == null ? "none" : useCase.activeModel().version());
      } else if (!ctx.loopHealthy()) {
        reason = WriteReason.LOOP_UNHEALTHY;
        detail = ctx.loopDetail();
      } else if (!staleInputs.isEmpty()) {
        reason = WriteReason.INPUT_STALE;
        detail = staleInputs;
      } else if (!badInputs.isEmpty()) {
        reason = WriteReason.INPUT_NOT_GOOD;
        detail = badInputs;
      }
      if (reason != null) {
        decisions.add(
            new Decision(
                o.name(),
                o.signal(),
                reason,
                requested,
                Double.NaN,
                Double.NaN,
                Double.NaN,
                detail));
        continue;
      }
      WriteEnvelope.Verdict verdict =
          envelopes
              .get(o.name())
              .judge(
                  requested,
                  ctx.nowMs(),
                  ctx.setpoints().getOrDefault(o.name(), OptionalDouble.empty()));
      decisions.add(
          new Decision(
              o.name(),
              o.signal(),
              verdict.reason(),
              requested,
              verdict.target(),
              verdict.value(),
              verdict.base(),
              ""));
    }
    return decisions;
  }

  /** Records a write that reached (or may have reached) the plant. */
  public void committed(String output, long nowMs, double base, double written) {
    WriteEnvelope envelope = envelopes.get(output);
    if (envelope != null) {
      envelope.committed(nowMs, base, written);
    }
  }

  /** The stale inputs ({@code stale}), or the fresh ones not Good or not finite, as a list. */
  static String names(List<SignalView> inputs, boolean stale) {
    return inputs.stream()
        .filter(
            v ->
                stale
                    ? v.stale()
                    : !v.stale() && (v.quality() != Quality.Good || !Double.isFinite(v.value())))
        .map(v -> v.signal() + (stale ? "" : " (" + v.quality() + ")"))
        .collect(Collectors.joining(", "));
  }

  /**
   * Takes over the message position and the recent writes of the previous config's policy for the
   * same use case, so a reload neither re-admits old messages nor refills the rate budget.
   */
  public void inheritFrom(ClosedLoopPolicy previous) {
    gate.inheritFrom(previous.gate);
    envelopes.forEach(
        (name, envelope) -> {
          WriteEnvelope old = previous.envelopes.get(name);
          if (old != null) {
            envelope.inheritFrom(old);
          }
        });
  }
}
