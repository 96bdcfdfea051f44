package io.plantops.connector.write;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.plantops.contract.WriteReason;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;

class WriteEnvelopeTest {

  private static final long T0 = 1_700_000_000_000L;
  private final WriteEnvelope envelope =
      new WriteEnvelope(new WriteEnvelope.Limits(6.0, 18.0, 0.2, 0.05));

  private WriteEnvelope.Verdict judge(double value, long now, double setpoint) {
    return envelope.judge(value, now, OptionalDouble.of(setpoint));
  }

  @Test
  void clampsSetpointAboveCalibratedLimitThenRateLimitsTheMove() {
    var v = judge(25.0, T0, 17.95);
    assertThat(v.reason()).isEqualTo(WriteReason.CLAMPED);
    assertThat(v.target()).isEqualTo(18.0);
    assertThat(v.value()).isEqualTo(18.0);
  }

  @Test
  void rejectsNanAndInfinityInsteadOfClampingThem() {
    assertThat(judge(Double.NaN, T0, 10).reason()).isEqualTo(WriteReason.NOT_FINITE);
    assertThat(judge(Double.POSITIVE_INFINITY, T0, 10).reason()).isEqualTo(WriteReason.NOT_FINITE);
    assertThat(judge(Double.NEGATIVE_INFINITY, T0, 10).reason()).isEqualTo(WriteReason.NOT_FINITE);
  }

  @Test
  void withholdsMovesSmallerThanTheDeadband() {
    assertThat(judge(10.04, T0, 10.0).reason()).isEqualTo(WriteReason.WITHIN_DEADBAND);
  }

  @Test
  void cutsAMoveToTheRatePerMinuteAndThenWaits() {
    var first = judge(11.0, T0, 10.0);
    assertThat(first.reason()).isEqualTo(WriteReason.RATE_LIMITED_STEP);
    assertThat(first.value()).isCloseTo(10.2, within(1e-12));
    envelope.committed(T0, 10.0, first.value());
    // 30 s later the whole minute's budget is still spent
    assertThat(judge(11.0, T0 + 30_000, first.value()).reason())
        .isEqualTo(WriteReason.RATE_LIMITED);
    // just over a minute later it is free again
    var later = judge(11.0, T0 + 60_001, first.value());
    assertThat(later.reason()).isEqualTo(WriteReason.RATE_LIMITED_STEP);
    assertThat(later.value()).isCloseTo(10.4, within(1e-12));
  }

  @Test
  void withholdsWhenThePlantSetpointIsOutsideTheLimitsOrUnknown() {
    assertThat(judge(10, T0, 19.0).reason()).isEqualTo(WriteReason.SETPOINT_OUTSIDE_LIMITS);
    assertThat(envelope.judge(10, T0, OptionalDouble.empty()).reason())
        .isEqualTo(WriteReason.SETPOINT_UNKNOWN);
  }

  @Test
  void refusesEverythingWhenTheLimitsAreMissing() {
    var broken = new WriteEnvelope(new WriteEnvelope.Limits(Double.NaN, 18.0, 0.2, 0.05));
    assertThat(broken.judge(10, T0, OptionalDouble.of(10)).reason())
        .isEqualTo(WriteReason.ENVELOPE_INVALID);
  }

  @Test
  void gateRefusesDuplicatesOutOfOrderStaleAndFutureMessages() {
    RecommendationGate gate = new RecommendationGate();
    assertThat(gate.admit(0, 5, T0, T0, 30_000, 5_000)).isEmpty();
    assertThat(gate.admit(0, 5, T0, T0, 30_000, 5_000)).contains(WriteReason.DUPLICATE);
    assertThat(gate.admit(0, 4, T0 - 1000, T0, 30_000, 5_000)).contains(WriteReason.OUT_OF_ORDER);
    assertThat(gate.admit(0, 6, T0 + 60_000, T0, 30_000, 5_000))
        .contains(WriteReason.FROM_THE_FUTURE);
    assertThat(gate.admit(0, 7, T0 + 1000, T0 + 40_000, 30_000, 5_000))
        .contains(WriteReason.TOO_OLD);
    // a restarted inference server starts a new epoch with small sequence numbers
    assertThat(gate.admit(1, 1, T0 + 50_000, T0 + 50_000, 30_000, 5_000)).isEmpty();
    // but a message replayed from the old epoch is refused
    assertThat(gate.admit(0, 8, T0 + 51_000, T0 + 51_000, 30_000, 5_000))
        .contains(WriteReason.OUT_OF_ORDER);
  }
}
