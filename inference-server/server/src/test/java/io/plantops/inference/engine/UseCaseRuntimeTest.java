package io.plantops.inference.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.plantops.contract.Autonomy;
import io.plantops.contract.InferenceStatus.ModelState;
import io.plantops.contract.InferenceStatus.UseCaseStatus;
import io.plantops.contract.ModelLoadState;
import io.plantops.contract.SampleConfigs;
import io.plantops.contract.UseCaseConfig;
import io.plantops.contract.UseCaseConfig.Feature;
import io.plantops.contract.UseCaseConfig.Model;
import io.plantops.inference.Fixtures;
import io.plantops.inference.metrics.InferenceMetrics;
import io.plantops.inference.model.LoadedModel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How one use case's two slots follow its configs, with the committed kiln models. */
class UseCaseRuntimeTest {

  private static final long T0 = 1_800_000_000_000L;
  private static final Model V120 = Fixtures.model(Fixtures.KILN, "1.2.0");
  private static final Model V130 = Fixtures.model(Fixtures.KILN, "1.3.0");

  @TempDir Path dir;
  private final Fixtures.TestClock clock = new Fixtures.TestClock(T0);
  private SlotLoader loader;
  private UseCaseRuntime runtime;

  @BeforeEach
  void create() {
    loader = new SlotLoader(dir, clock);
    runtime = new UseCaseRuntime("kiln1-energy", new SignalStore(), new InferenceMetrics());
  }

  private static UseCaseConfig kiln(Model active, Model candidate) {
    return SampleConfigs.kilnEnergy(Autonomy.Advisory, active, candidate);
  }

  private void apply(UseCaseConfig u) throws Exception {
    runtime.reconfigure(u, Evaluation.compileKpis(u), loader, clock.millis());
    loader.finishPending();
  }

  private UseCaseStatus status() {
    return runtime.status(clock.millis());
  }

  @Test
  void loadsBothSlotsAndReportsEachInTheStatus() throws Exception {
    runtime.reconfigure(kiln(V120, V130), Evaluation.compileKpis(kiln(V120, V130)), loader, T0);
    assertThat(runtime.settled()).isFalse();
    loader.finishPending();

    assertThat(runtime.settled()).isTrue();
    UseCaseStatus st = status();
    assertThat(st.active())
        .extracting(ModelState::version, ModelState::state, ModelState::servingVersion)
        .containsExactly("1.2.0", ModelLoadState.Loaded, "1.2.0");
    assertThat(st.candidate())
        .extracting(ModelState::version, ModelState::state, ModelState::servingVersion)
        .containsExactly("1.3.0", ModelLoadState.Loaded, "1.3.0");
    assertThat(st.shadow().candidateVersion()).isEqualTo("1.3.0");
    assertThat(st.drift()).isNotNull();
    assertThat(runtime.versions()).containsExactly("1.2.0", "1.3.0");
    assertThat(runtime.model(Optional.empty()).orElseThrow().version()).isEqualTo("1.2.0");
    assertThat(runtime.model(Optional.of("1.3.0")).orElseThrow().version()).isEqualTo("1.3.0");
    assertThat(runtime.model(Optional.of("9.9.9"))).isEmpty();
  }

  @Test
  void promotesTheCandidateWithoutLoadingItAgain() throws Exception {
    apply(kiln(V120, V130));
    LoadedModel candidate = runtime.model(Optional.of("1.3.0")).orElseThrow();
    clock.advance(60_000);

    apply(kiln(V130, null));

    assertThat(loader.requests()).hasSize(2);
    assertThat(runtime.model(Optional.empty())).containsSame(candidate);
    UseCaseStatus st = status();
    assertThat(st.active().loadedAtMs()).isEqualTo(T0);
    assertThat(st.candidate()).isNull();
    assertThat(st.shadow()).isNull();
    assertThat(st.evaluations()).isZero();
  }

  @Test
  void servesOneSessionInBothSlotsWhenTheCandidateIsTheActiveVersion() throws Exception {
    apply(kiln(V120, null));
    LoadedModel serving = runtime.model(Optional.empty()).orElseThrow();

    apply(kiln(V120, V120));

    assertThat(loader.requests()).hasSize(1);
    assertThat(runtime.candidate().model()).containsSame(serving);
    assertThat(status().candidate().state()).isEqualTo(ModelLoadState.Loaded);

    apply(kiln(V120, null));
    assertThat(serving.acquire()).as("the candidate gave back only its reference").isTrue();
    serving.release();
  }

  @Test
  void keepsModelsAndTheirStatisticsWhenTheConfigKeepsTheirVersions() throws Exception {
    apply(kiln(V120, V130));
    ActiveWatch watch = runtime.active().serving().orElseThrow().kept();
    ShadowTracker shadow = runtime.candidate().serving().orElseThrow().kept();

    apply(SampleConfigs.kilnEnergy(Autonomy.ClosedLoop, V120, V130));

    assertThat(loader.requests()).hasSize(2);
    assertThat(runtime.active().serving().orElseThrow().kept()).isSameAs(watch);
    assertThat(runtime.candidate().serving().orElseThrow().kept()).isSameAs(shadow);
  }

  @Test
  void loadsBothSlotsAgainWhenTheFeatureLayoutChanges() throws Exception {
    apply(kiln(V120, V130));
    LoadedModel before = runtime.model(Optional.empty()).orElseThrow();
    UseCaseConfig k = kiln(V120, V130);
    List<Feature> inputs = new ArrayList<>(k.inputs());
    Feature first = inputs.get(0);
    inputs.set(
        0,
        new Feature(
            first.signal(),
            first.unit(),
            first.aggregation(),
            first.windowSeconds() * 2,
            first.validMin(),
            first.validMax()));
    UseCaseConfig reshaped =
        new UseCaseConfig(
            k.name(),
            k.template(),
            k.phase(),
            k.cadenceSeconds(),
            inputs,
            k.observed(),
            k.outputs(),
            k.activeModel(),
            k.candidateModel(),
            k.kpis(),
            k.drift());

    runtime.reconfigure(reshaped, Evaluation.compileKpis(reshaped), loader, T0);

    assertThat(runtime.model(Optional.empty())).isEmpty();
    assertThat(before.acquire()).isFalse();
    assertThat(status().active().state()).isEqualTo(ModelLoadState.Loading);
    loader.finishPending();
    assertThat(loader.requests()).hasSize(4);
    assertThat(runtime.model(Optional.empty()).orElseThrow().version()).isEqualTo("1.2.0");
  }

  @Test
  void releasesEveryModelWhenClosed() throws Exception {
    apply(kiln(V120, V130));
    LoadedModel a = runtime.model(Optional.empty()).orElseThrow();
    LoadedModel c = runtime.model(Optional.of("1.3.0")).orElseThrow();

    runtime.close();

    assertThat(a.acquire()).isFalse();
    assertThat(c.acquire()).isFalse();
    assertThat(status().active()).isNull();
  }
}
