package io.plantops.inference.bench;

import io.plantops.contract.UseCaseConfig;
import io.plantops.inference.drift.InputDrift;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/** One drift update (PSI ring + Page-Hinkley) of one input, 10 reference bins. */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class DriftBenchmark {

  private InputDrift drift;
  private final double[] values = new double[4096];
  private int i;

  @Setup(Level.Trial)
  public void setUp() throws Exception {
    UseCaseConfig.Reference ref = BenchPlant.model().reference().get(3);
    drift = new InputDrift(ref);
    SplittableRandom r = new SplittableRandom(42);
    for (int k = 0; k < values.length; k++) {
      values[k] = ref.mean() + ref.stddev() * r.nextGaussian();
    }
  }

  @Benchmark
  public double update() {
    drift.update(values[i], 0.5);
    i = (i + 1) & (values.length - 1);
    return drift.meanShift();
  }
}
