package io.plantops.modeltools;

import io.plantops.process.KilnProcess;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.ToDoubleFunction;

/** What the example models are: one entry per released version, in one place. */
public final class ExampleModels {

  /** Template name of the synthetic 16-input model used only by the benchmark. */
  public static final String BENCHMARK_TEMPLATE = "benchmark-16-inputs";

  /**
   * One model version to generate.
   *
   * @param template template name (directory under examples/models and examples/templates)
   * @param version semantic version
   * @param seed process model and trainer seed
   * @param days days of simulated data
   * @param stepEveryHours mean period of the fuel step tests
   * @param releasedAt release date written into the template
   * @param notes release notes written into the template
   * @param label the training label read from the process
   * @param labelName what the label is, for the notes
   */
  public record Spec(
      String template,
      String version,
      long seed,
      int days,
      double stepEveryHours,
      String releasedAt,
      String notes,
      ToDoubleFunction<KilnProcess> label,
      String labelName) {}

  private ExampleModels() {}

  /** The example models of examples/templates. */
  public static List<Spec> all() {
    return List.of(
        new Spec(
            "kiln-energy-optimization",
            "1.2.0",
            12,
            14,
            3.0,
            "2026-10-01T08:00:00Z",
            "Linear model (Tribuo SGD) trained on 14 simulated days with fuel step tests.",
            KilnProcess::optimalFuelSetpoint,
            "the process model's optimal fuel setpoint"),
        new Spec(
            "kiln-energy-optimization",
            "1.3.0",
            13,
            28,
            2.0,
            "2026-12-01T08:00:00Z",
            "Retrained on 28 simulated days with twice as many fuel step tests as 1.2.0.",
            KilnProcess::optimalFuelSetpoint,
            "the process model's optimal fuel setpoint"),
        new Spec(
            "clinker-free-lime-soft-sensor",
            "1.0.0",
            21,
            28,
            3.0,
            "2026-09-15T08:00:00Z",
            "Linear model (Tribuo SGD) of free lime trained on 28 simulated days.",
            KilnProcess::trueFreeLime,
            "the process model's true clinker free lime"));
  }

  /**
   * The benchmark's synthetic process: 16 independent Gaussian inputs and a noisy linear response,
   * the size of a typical tabular soft sensor.
   */
  public static TrainingData benchmarkData(TemplateSpec spec, long seed, int rows) {
    SplittableRandom random = new SplittableRandom(seed);
    int n = spec.inputs().size();
    double[][] x = new double[rows][n];
    double[] y = new double[rows];
    for (int i = 0; i < rows; i++) {
      double sum = 0;
      for (int j = 0; j < n; j++) {
        x[i][j] = 100.0 + 10.0 * j + (1.0 + j) * random.nextGaussian();
        sum += (j % 2 == 0 ? 0.5 : -0.25) * (x[i][j] - 100.0 - 10.0 * j) / (1.0 + j);
      }
      y[i] = 50.0 + sum + 0.1 * random.nextGaussian();
    }
    return new TrainingData(
        spec.inputSignals(),
        x,
        y,
        "synthetic: 16 Gaussian inputs, linear response, seed " + seed + ", " + rows + " rows");
  }
}
