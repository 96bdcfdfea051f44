package io.plantops.inference.drift;

import static org.assertj.core.api.Assertions.assertThat;

import io.plantops.contract.DriftStatus;
import io.plantops.contract.SampleConfigs;
import io.plantops.contract.UseCaseConfig.Drift;
import io.plantops.contract.UseCaseConfig.Reference;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class InputDriftTest {

  private static final Drift THRESHOLDS = SampleConfigs.defaultDrift(); // 0.1/0.25, 20/50, 0.5, 200
  private static final Reference REF = SampleConfigs.reference("kiln.feed.rate", 160.0, 6.0);

  @Test
  void staysOkOnDataDrawnFromTheReferenceDistribution() {
    InputDrift d = new InputDrift(REF);
    SplittableRandom r = new SplittableRandom(1);
    for (int i = 0; i < 3000; i++) {
      d.update(160.0 + 6.0 * r.nextGaussian(), THRESHOLDS.meanShiftTolerance());
    }
    assertThat(d.psi()).isLessThan(0.02);
    assertThat(d.meanShift()).isLessThan(THRESHOLDS.meanShiftWarn());
    assertThat(d.status(THRESHOLDS)).isEqualTo(DriftStatus.Ok);
  }

  @Test
  void isUnknownUntilMinSamples() {
    InputDrift d = new InputDrift(REF);
    for (int i = 0; i < 199; i++) {
      d.update(500.0, 0.5);
    }
    assertThat(d.status(THRESHOLDS)).isEqualTo(DriftStatus.Unknown);
    d.update(500.0, 0.5);
    assertThat(d.status(THRESHOLDS)).isEqualTo(DriftStatus.Alert);
  }

  @Test
  void alertsOnAShiftedDistributionByPsi() {
    InputDrift d = new InputDrift(REF);
    SplittableRandom r = new SplittableRandom(2);
    for (int i = 0; i < InputDrift.WINDOW; i++) {
      d.update(166.0 + 6.0 * r.nextGaussian(), 0.5); // one sigma up
    }
    // PSI of N(1,1) against N(0,1) quartiles is about 0.5
    assertThat(d.psi()).isGreaterThan(THRESHOLDS.psiAlert());
    assertThat(d.status(THRESHOLDS)).isEqualTo(DriftStatus.Alert);
  }

  @Test
  void pageHinkleyAccumulatesAPersistentSmallMeanShift() {
    InputDrift d = new InputDrift(REF);
    SplittableRandom r = new SplittableRandom(3);
    for (int i = 0; i < 400; i++) {
      d.update(160.0 + 6.0 * r.nextGaussian(), 0.5);
    }
    double before = d.meanShift();
    for (int i = 0; i < 200; i++) {
      d.update(160.0 + 6.0 + 6.0 * r.nextGaussian(), 0.5); // +1 sigma, 0.5 beyond tolerance
    }
    // about 0.5 sigma per sample for 200 samples
    assertThat(before).isLessThan(20);
    assertThat(d.meanShift()).isBetween(60.0, 140.0);
  }

  @Test
  void psiWindowSlidesSoOldDataLeaves() {
    InputDrift d = new InputDrift(REF);
    for (int i = 0; i < InputDrift.WINDOW; i++) {
      d.update(200.0, 0.5);
    }
    assertThat(d.psi()).isGreaterThan(1.0);
    SplittableRandom r = new SplittableRandom(4);
    for (int i = 0; i < InputDrift.WINDOW; i++) {
      d.update(160.0 + 6.0 * r.nextGaussian(), 0.5);
    }
    assertThat(d.psi()).isLessThan(0.05);
  }

  @Test
  void binsAreLowerInclusive() {
    InputDrift d = new InputDrift(REF);
    assertThat(d.bin(Double.NEGATIVE_INFINITY)).isZero();
    assertThat(d.bin(160.0)).isEqualTo(2);
    assertThat(d.bin(1e9)).isEqualTo(3);
  }
}
