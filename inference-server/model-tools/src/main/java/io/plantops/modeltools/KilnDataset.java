package io.plantops.modeltools;

import io.plantops.process.KilnProcess;
import io.plantops.process.KilnSignal;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.ToDoubleFunction;

/**
 * Runs the kiln process model and turns its measurements into the feature rows a template's inputs
 * describe, exactly as the inference server assembles them: each input aggregated (Last, Mean, Min,
 * Max) over its window of samples taken every {@link #SAMPLE_SECONDS}, one row per {@link
 * #ROW_SECONDS}.
 *
 * <p>The plant's operators keep the burning zone at one habitual temperature, which alone would
 * teach a model nothing about fuel: like an identification campaign on a real kiln, the generator
 * applies a fuel step every few hours (an external setpoint held for the process model's hold time)
 * so the data covers hotter and cooler burning.
 */
public final class KilnDataset {

  /** Sampling period of the simulated connector, seconds (the templates' maxSamplingIntervalMs). */
  public static final double SAMPLE_SECONDS = 5.0;

  /** One row (one evaluation) per minute, the templates' cadence. */
  public static final double ROW_SECONDS = 60.0;

  private static final double BURN_IN_SECONDS = 4 * 3600.0;

  private KilnDataset() {}

  /**
   * Simulates {@code days} of operation.
   *
   * @param template the inputs to assemble
   * @param seed process model seed (the step-test schedule uses a stream split from it)
   * @param days days of data after a burn-in
   * @param stepEveryHours mean period of the fuel step tests
   * @param label the label at each row, read from the process (e.g. its optimal fuel setpoint)
   */
  public static TrainingData generate(
      TemplateSpec template,
      long seed,
      int days,
      double stepEveryHours,
      ToDoubleFunction<KilnProcess> label) {
    KilnProcess process = new KilnProcess(seed, KilnProcess.Parameters.defaults());
    SplittableRandom steps = new SplittableRandom(seed ^ 0x5DEECE66DL);
    List<TemplateSpec.Input> inputs = template.inputs();
    int n = inputs.size();
    KilnSignal[] signals = new KilnSignal[n];
    Window[] windows = new Window[n];
    for (int j = 0; j < n; j++) {
      signals[j] = KilnSignal.byCanonicalName(inputs.get(j).signal());
      windows[j] = new Window((int) Math.ceil(inputs.get(j).windowSeconds() / SAMPLE_SECONDS));
    }
    int samplesPerRow = (int) Math.round(ROW_SECONDS / SAMPLE_SECONDS);
    long totalSamples = Math.round((BURN_IN_SECONDS + days * 86400.0) / SAMPLE_SECONDS);
    long burnInSamples = Math.round(BURN_IN_SECONDS / SAMPLE_SECONDS);
    double nextStep = BURN_IN_SECONDS / 2;
    List<double[]> rows = new ArrayList<>();
    List<Double> labels = new ArrayList<>();
    for (long s = 1; s <= totalSamples; s++) {
      process.step(SAMPLE_SECONDS);
      if (process.time() >= nextStep) {
        // a burning-zone target between 25 °C below and 35 °C above the optimum
        double target = process.parameters().targetBurningZone() + steps.nextDouble(-25.0, 35.0);
        process.setFuelSetpoint(process.fuelFor(target), KilnProcess.Source.EXTERNAL);
        nextStep = process.time() + stepEveryHours * 3600.0 * steps.nextDouble(0.5, 1.5);
      }
      for (int j = 0; j < n; j++) {
        windows[j].add(process.value(signals[j]));
      }
      if (s > burnInSamples && s % samplesPerRow == 0) {
        double[] row = new double[n];
        for (int j = 0; j < n; j++) {
          row[j] = windows[j].aggregate(inputs.get(j).aggregation());
        }
        rows.add(row);
        labels.add(label.applyAsDouble(process));
      }
    }
    double[] y = labels.stream().mapToDouble(Double::doubleValue).toArray();
    String source =
        "kiln process model (connectors/process-model), seed "
            + seed
            + ", "
            + days
            + " days at one row per minute, fuel step tests every ~"
            + stepEveryHours
            + " h";
    return new TrainingData(template.inputSignals(), rows.toArray(double[][]::new), y, source);
  }

  /** The last {@code capacity} samples of one signal. */
  private static final class Window {
    private final double[] values;
    private int size;
    private int next;

    Window(int capacity) {
      values = new double[Math.max(1, capacity)];
    }

    void add(double v) {
      values[next] = v;
      next = (next + 1) % values.length;
      size = Math.min(size + 1, values.length);
    }

    double aggregate(String aggregation) {
      switch (aggregation) {
        case "Last":
          return values[(next - 1 + values.length) % values.length];
        case "Mean":
          double sum = 0;
          for (int i = 0; i < size; i++) {
            sum += values[i];
          }
          return sum / size;
        case "Min":
          double min = Double.POSITIVE_INFINITY;
          for (int i = 0; i < size; i++) {
            min = Math.min(min, values[i]);
          }
          return min;
        case "Max":
          double max = Double.NEGATIVE_INFINITY;
          for (int i = 0; i < size; i++) {
            max = Math.max(max, values[i]);
          }
          return max;
        default:
          throw new IllegalArgumentException("unknown aggregation " + aggregation);
      }
    }
  }
}
