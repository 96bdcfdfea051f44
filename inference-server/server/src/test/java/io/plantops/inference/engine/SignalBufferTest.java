package io.plantops.inference.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.plantops.contract.Aggregation;
import io.plantops.contract.Quality;
import io.plantops.contract.SkipReason;
import io.plantops.contract.UseCaseConfig.Feature;
import org.junit.jupiter.api.Test;

class SignalBufferTest {

  private static final long NOW = 1_000_000_000L;
  private static final long STALE = 15_000;

  private static Feature feature(Aggregation a) {
    return new Feature("kiln.speed", "rpm", a, 60, 0.0, 6.0);
  }

  private static SignalBuffer filled(double... values) {
    SignalBuffer b = new SignalBuffer(3_600_000);
    for (int i = 0; i < values.length; i++) {
      b.add(NOW - (values.length - 1 - i) * 5000L, values[i], Quality.Good);
    }
    return b;
  }

  private static double value(SignalBuffer b, Aggregation a) {
    double[] out = new double[1];
    assertThat(b.aggregate(feature(a), NOW, STALE, 1000, out, 0, null)).isNull();
    return out[0];
  }

  @Test
  void aggregatesTheWindowByLastMeanMinMax() {
    SignalBuffer b = filled(1.0, 2.0, 3.0, 4.0);
    assertThat(value(b, Aggregation.Last)).isEqualTo(4.0);
    assertThat(value(b, Aggregation.Mean)).isEqualTo(2.5);
    assertThat(value(b, Aggregation.Min)).isEqualTo(1.0);
    assertThat(value(b, Aggregation.Max)).isEqualTo(4.0);
  }

  @Test
  void leavesSamplesOlderThanTheWindowOut() {
    SignalBuffer b = new SignalBuffer(3_600_000);
    b.add(NOW - 61_000, 5.0, Quality.Good);
    b.add(NOW, 1.0, Quality.Good);
    assertThat(value(b, Aggregation.Max)).isEqualTo(1.0);
  }

  @Test
  void insertsReplayedSamplesInTimestampOrder() {
    SignalBuffer b = new SignalBuffer(3_600_000);
    b.add(NOW, 3.0, Quality.Good);
    b.add(NOW - 10_000, 1.0, Quality.Good);
    b.add(NOW - 5_000, 2.0, Quality.Good);
    assertThat(value(b, Aggregation.Last)).isEqualTo(3.0);
    assertThat(value(b, Aggregation.Mean)).isEqualTo(2.0);
    assertThat(b.size()).isEqualTo(3);
  }

  @Test
  void skipsWithTheReasonOfTheNewestSample() {
    double[] out = new double[1];
    assertThat(
            new SignalBuffer(1000)
                .aggregate(feature(Aggregation.Mean), NOW, STALE, 1000, out, 0, null))
        .isEqualTo(SkipReason.MissingInput);
    SignalBuffer bad = filled(1, 2, 3);
    bad.add(NOW, 3.0, Quality.Bad);
    assertThat(bad.aggregate(feature(Aggregation.Mean), NOW, STALE, 1000, out, 0, null))
        .isEqualTo(SkipReason.BadQuality);
    SignalBuffer uncertain = filled(1, 2, 3);
    uncertain.add(NOW, 3.0, Quality.Uncertain);
    assertThat(uncertain.aggregate(feature(Aggregation.Mean), NOW, STALE, 1000, out, 0, null))
        .isEqualTo(SkipReason.UncertainQuality);
    SignalBuffer range = filled(1, 2, 7.5);
    assertThat(range.aggregate(feature(Aggregation.Mean), NOW, STALE, 1000, out, 0, null))
        .isEqualTo(SkipReason.OutOfRange);
    out[0] = -1;
    assertThat(out[0]).as("nothing written on a skip").isEqualTo(-1);
  }

  @Test
  void skipsAStaleMeanButAcceptsAnOldLastWithinItsWindow() {
    SignalBuffer b = new SignalBuffer(3_600_000);
    b.add(NOW - 30_000, 2.0, Quality.Good);
    double[] out = new double[1];
    assertThat(b.aggregate(feature(Aggregation.Mean), NOW, STALE, 1000, out, 0, null))
        .isEqualTo(SkipReason.StaleInput);
    assertThat(b.aggregate(feature(Aggregation.Last), NOW, STALE, 1000, out, 0, null)).isNull();
    assertThat(out[0]).isEqualTo(2.0);
  }

  @Test
  void excludesAnOccasionalBadSampleButSkipsAMostlyBadWindow() {
    SignalBuffer b = filled(1, 1, 1, 1);
    b.add(NOW - 2_500, 99.0, Quality.Bad);
    assertThat(value(b, Aggregation.Max)).isEqualTo(1.0);
    SignalBuffer mostly = new SignalBuffer(3_600_000);
    for (int i = 0; i < 6; i++) {
      mostly.add(NOW - 50_000 + i * 5000L, 1.0, Quality.Bad);
    }
    mostly.add(NOW, 1.0, Quality.Good);
    double[] out = new double[1];
    assertThat(mostly.aggregate(feature(Aggregation.Mean), NOW, STALE, 1000, out, 0, null))
        .isEqualTo(SkipReason.BadQuality);
  }

  // report by exception: the connector's liveness report vouches for values that do not change

  @Test
  void holdsAValueThatHasNotChangedForDaysWhileTheConnectorVouchesForIt() {
    SignalBuffer b = new SignalBuffer(3_600_000);
    b.add(NOW - 3 * 86_400_000L, 3.4, Quality.Good);
    double[] out = new double[1];
    double[] held = new double[1];
    assertThat(b.aggregate(feature(Aggregation.Mean), NOW, STALE, 1000, out, 0, held))
        .as("without a liveness report only samples inside the window count")
        .isEqualTo(SkipReason.MissingInput);
    b.reported(false, NOW - 1000);
    for (Aggregation a : Aggregation.values()) {
      assertThat(b.aggregate(feature(a), NOW, STALE, 1000, out, 0, held)).isNull();
      assertThat(out[0]).isEqualTo(3.4);
      assertThat(held[0]).isEqualTo(1.0);
    }
  }

  @Test
  void weighsEachValueByHowLongItWasInForceAndRecordsTheHeldShare() {
    SignalBuffer b = new SignalBuffer(3_600_000);
    b.add(NOW - 120_000, 2.0, Quality.Good); // in force when the 60 s window opens
    b.add(NOW - 15_000, 4.0, Quality.Good);
    b.reported(false, NOW);
    double[] out = new double[1];
    double[] held = new double[1];
    assertThat(b.aggregate(feature(Aggregation.Mean), NOW, STALE, 1000, out, 0, held)).isNull();
    // 45 s at 2.0, 15 s at 4.0
    assertThat(out[0]).isCloseTo(2.5, org.assertj.core.api.Assertions.within(1e-9));
    // 2.0 was older than its 1 s sampling interval for all 45 s; 4.0 for 14 of its 15 s
    assertThat(held[0]).isCloseTo(59.0 / 60.0, org.assertj.core.api.Assertions.within(1e-9));
    assertThat(b.aggregate(feature(Aggregation.Min), NOW, STALE, 1000, out, 0, held)).isNull();
    assertThat(out[0]).isEqualTo(2.0);
  }

  @Test
  void aHeldValueIsStaleWhenTheConnectorSaysSoOrStopsVouching() {
    SignalBuffer b = new SignalBuffer(3_600_000);
    b.add(NOW - 86_400_000L, 3.4, Quality.Good);
    b.reported(false, NOW - STALE);
    double[] out = new double[1];
    assertThat(b.aggregate(feature(Aggregation.Last), NOW, STALE, 1000, out, 0, null)).isNull();
    assertThat(b.aggregate(feature(Aggregation.Last), NOW + 1, STALE, 1000, out, 0, null))
        .isEqualTo(SkipReason.StaleInput);
    b.reported(false, NOW);
    assertThat(b.aggregate(feature(Aggregation.Last), NOW, STALE, 1000, out, 0, null)).isNull();
    b.reported(true, NOW);
    assertThat(b.aggregate(feature(Aggregation.Last), NOW, STALE, 1000, out, 0, null))
        .isEqualTo(SkipReason.StaleInput);
  }

  @Test
  void aBadSampleMakesAHeldSignalBadAtOnce() {
    SignalBuffer b = new SignalBuffer(3_600_000);
    b.add(NOW - 86_400_000L, 3.4, Quality.Good);
    b.add(NOW - 10, Double.NaN, Quality.Bad);
    b.reported(false, NOW);
    double[] out = new double[1];
    assertThat(b.aggregate(feature(Aggregation.Mean), NOW, STALE, 1000, out, 0, null))
        .isEqualTo(SkipReason.BadQuality);
  }

  @Test
  void keepsTheValueInForceAtTheRetentionHorizon() {
    SignalBuffer b = new SignalBuffer(60_000);
    b.add(NOW - 86_400_000L, 3.4, Quality.Good);
    b.add(NOW - 30_000, 3.5, Quality.Good);
    b.add(NOW, 3.6, Quality.Good);
    assertThat(b.size()).isEqualTo(3);
    b.add(NOW + 61_000, 3.7, Quality.Good);
    // the horizon is now NOW + 1 s: 3.6 (from NOW) is the value in force there and stays
    assertThat(b.size()).isEqualTo(2);
    b.reported(false, NOW + 61_000);
    double[] out = new double[1];
    assertThat(b.aggregate(feature(Aggregation.Min), NOW + 61_000, STALE, 1000, out, 0, null))
        .isNull();
    assertThat(out[0]).isEqualTo(3.6);
  }
}
