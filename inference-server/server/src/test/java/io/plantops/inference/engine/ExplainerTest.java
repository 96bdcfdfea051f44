package io.plantops.inference.engine;

import static org.assertj.core.api.Assertions.assertThat;

import ai.onnxruntime.OrtEnvironment;
import io.plantops.contract.HostAliases;
import io.plantops.contract.Recommendation.Contribution;
import io.plantops.contract.SampleConfigs;
import io.plantops.contract.UseCaseConfig.Model;
import io.plantops.contract.UseCaseConfig.Reference;
import io.plantops.inference.Fixtures;
import io.plantops.inference.model.LoadedModel;
import io.plantops.inference.model.ModelLoader;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExplainerTest {

  @TempDir Path dir;

  @Test
  void givesTheExactLinearContributionOfEachTopInputSignedAndRanked() throws Exception {
    Model m = Fixtures.model(Fixtures.KILN, "1.2.0");
    LoadedModel model =
        new ModelLoader(
                OrtEnvironment.getEnvironment(),
                HostAliases.parse(null),
                dir,
                Clock.systemUTC(),
                null)
            .load(m, 7, 1);
    List<Reference> refs = m.reference();
    double[] x = new double[7];
    for (int j = 0; j < 7; j++) {
      // each input two reference deviations away from its mean, alternating sides
      x[j] = refs.get(j).mean() + (j % 2 == 0 ? 2 : -2) * refs.get(j).stddev();
    }
    List<Contribution> top = new Explainer(SampleConfigs.kilnInputs(), refs).explain(model, x);

    assertThat(top).hasSize(Explainer.TOP);
    for (int k = 1; k < top.size(); k++) {
      assertThat(Math.abs(top.get(k - 1).contribution()))
          .isGreaterThanOrEqualTo(Math.abs(top.get(k).contribution()));
    }
    for (Contribution c : top) {
      int j = SampleConfigs.kilnInputs().stream().map(f -> f.signal()).toList().indexOf(c.signal());
      assertThat(c.value()).isEqualTo(x[j]);
      // linear model: f(x) - f(x with input j at its mean) = w_j (x_j - mean_j)
      float[] atMean = new float[7];
      float[] here = new float[7];
      for (int i = 0; i < 7; i++) {
        here[i] = (float) x[i];
        atMean[i] = (float) x[i];
      }
      atMean[j] = (float) refs.get(j).mean();
      double expected = model.run(here, 1)[0] - model.run(atMean, 1)[0];
      assertThat(c.contribution())
          .isCloseTo(
              expected, org.assertj.core.data.Offset.offset(1e-3 + Math.abs(expected) * 0.01));
    }
    model.retire();
  }
}
