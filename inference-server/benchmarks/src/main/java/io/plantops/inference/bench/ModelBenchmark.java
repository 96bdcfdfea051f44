package io.plantops.inference.bench;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import io.plantops.contract.HostAliases;
import io.plantops.contract.Recommendation.Contribution;
import io.plantops.contract.UseCaseConfig;
import io.plantops.inference.engine.Explainer;
import io.plantops.inference.model.LoadedModel;
import io.plantops.inference.model.ModelLoader;
import java.nio.file.Files;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/** Raw ONNX Runtime cost of the 16-input model, and the explanation's batched run. */
@State(Scope.Thread)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class ModelBenchmark {

  private LoadedModel model;
  private Explainer explainer;
  private final float[] row = new float[BenchPlant.INPUTS];
  private final double[] drow = new double[BenchPlant.INPUTS];
  private final float[] out = new float[1];

  @Setup(Level.Trial)
  public void load() throws Exception {
    UseCaseConfig u = BenchPlant.config().useCases().get(0);
    model =
        new ModelLoader(
                OrtEnvironment.getEnvironment(),
                HostAliases.parse(null),
                Files.createTempDirectory("bench-cache"),
                Clock.systemUTC(),
                null)
            .load(u.activeModel(), BenchPlant.INPUTS, 1);
    explainer = new Explainer(u.inputs(), u.activeModel().reference());
    for (int j = 0; j < BenchPlant.INPUTS; j++) {
      row[j] = (float) (BenchPlant.mean(j) + 1.0);
      drow[j] = row[j];
    }
  }

  @TearDown(Level.Trial)
  public void close() {
    model.retire();
  }

  /** createTensor + session.run + output read: what any ONNX Runtime Java caller pays. */
  @Benchmark
  public float sessionRun() throws OrtException {
    model.run(row, 1, out);
    return out[0];
  }

  /** One batched run of 17 rows and the ranking of contributions. */
  @Benchmark
  public List<Contribution> explanation() throws OrtException {
    return explainer.explain(model, drow);
  }
}
