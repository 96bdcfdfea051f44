package io.plantops.inference.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.plantops.contract.InferenceStatus.ModelState;
import io.plantops.contract.ModelLoadState;
import io.plantops.contract.ModelRefusalReason;
import io.plantops.contract.UseCaseConfig.Model;
import io.plantops.inference.Fixtures;
import io.plantops.inference.metrics.InferenceMetrics;
import io.plantops.inference.model.LoadedModel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One slot with the committed kiln models, loaded by the real model loader. */
class ModelSlotTest {

  private static final long T0 = 1_800_000_000_000L;
  private static final Model V120 = Fixtures.model(Fixtures.KILN, "1.2.0");
  private static final Model V130 = Fixtures.model(Fixtures.KILN, "1.3.0");

  /** What this test's slot keeps about a serving model: which one, since when. */
  record Kept(String version, long sinceMs) {}

  @TempDir Path dir;
  private final Fixtures.TestClock clock = new Fixtures.TestClock(T0);
  private final InferenceMetrics metrics = new InferenceMetrics();
  private final List<Kept> started = new ArrayList<>();
  private SlotLoader loader;
  private ModelSlot<Kept> slot;

  @BeforeEach
  void create() {
    loader = new SlotLoader(dir, clock);
    slot = slot(ModelSlot.Role.ACTIVE);
  }

  private ModelSlot<Kept> slot(ModelSlot.Role role) {
    return new ModelSlot<>(
        "kiln1-energy",
        role,
        this,
        metrics,
        (want, model, nowMs) -> {
          Kept k = new Kept(model.version(), nowMs);
          started.add(k);
          return k;
        });
  }

  private void want(Model m) {
    slot.want(m, 7, 1, loader);
  }

  private static Model tampered(Model m) {
    return new Model(
        m.version(), m.uri(), "1".repeat(64), m.inputTensor(), m.outputTensor(), m.reference());
  }

  @Test
  void loadsTheWantedVersionInTheBackgroundAndServesItOnceVerified() {
    want(V120);

    assertThat(slot.settled()).isFalse();
    assertThat(slot.state().orElseThrow().state()).isEqualTo(ModelLoadState.Loading);
    assertThat(slot.model()).isEmpty();
    loader.finishPending();

    ModelState s = slot.state().orElseThrow();
    assertThat(s.state()).isEqualTo(ModelLoadState.Loaded);
    assertThat(s.version()).isEqualTo("1.2.0");
    assertThat(s.sha256()).isEqualTo(V120.sha256());
    assertThat(s.loadedAtMs()).isEqualTo(T0);
    assertThat(s.servingVersion()).isEqualTo("1.2.0");
    assertThat(slot.serving().orElseThrow().kept()).isEqualTo(new Kept("1.2.0", T0));
    assertThat(slot.settled()).isTrue();
  }

  @Test
  void keepsItsModelAndWhatItKeepsWhenTheConfigWantsTheSameVersionAgain() {
    want(V120);
    loader.finishPending();
    LoadedModel serving = slot.model().orElseThrow();

    want(V120);

    assertThat(loader.requests()).hasSize(1);
    assertThat(slot.model()).containsSame(serving);
    assertThat(started).hasSize(1);
  }

  @Test
  void asksForOneLoadWhileTheSameVersionIsLoading() {
    want(V120);
    want(V120);

    assertThat(loader.requests()).hasSize(1);
  }

  @Test
  void keepsServingThePreviousVersionWhileTheNextLoadsAndWhenItIsRefused() {
    want(V120);
    loader.finishPending();
    clock.advance(60_000);

    want(tampered(V130));
    assertThat(slot.state().orElseThrow())
        .extracting(ModelState::version, ModelState::state, ModelState::servingVersion)
        .containsExactly("1.3.0", ModelLoadState.Loading, "1.2.0");
    loader.finishPending();

    ModelState s = slot.state().orElseThrow();
    assertThat(s.state()).isEqualTo(ModelLoadState.Failed);
    assertThat(s.reason().reason()).contains(ModelRefusalReason.DigestMismatch);
    assertThat(s.servingVersion()).isEqualTo("1.2.0");
    assertThat(s.sha256()).as("the wanted version does not serve").isNull();
    assertThat(s.loadedAtMs()).isNull();
    assertThat(slot.model().orElseThrow().version()).isEqualTo("1.2.0");
    assertThat(slot.settled()).isTrue();
    assertThat(scrape())
        .contains(
            "plantops_inference_model_load_failures_total{model_version=\"1.3.0\",plant=\"\","
                + "reason=\"DigestMismatch\",use_case=\"kiln1-energy\"} 1");
  }

  @Test
  void startsWhatItKeepsAfreshAndRetiresThePreviousModelWhenTheNextServes() {
    want(V120);
    loader.finishPending();
    LoadedModel previous = slot.model().orElseThrow();
    clock.advance(60_000);

    want(V130);
    loader.finishPending();

    assertThat(slot.serving().orElseThrow().kept()).isEqualTo(new Kept("1.3.0", T0 + 60_000));
    assertThat(previous.acquire()).as("the replaced model is closed").isFalse();
  }

  @Test
  void retiresAModelThatFinishesLoadingAfterTheConfigMovedOn() {
    want(V130);
    want(V120); // the config changed its mind while 1.3.0 was loading
    loader.finishPending();

    assertThat(loader.requests())
        .extracting(r -> r.model().version())
        .containsExactly("1.3.0", "1.2.0");
    assertThat(slot.model().orElseThrow().version()).isEqualTo("1.2.0");
    assertThat(started).extracting(Kept::version).containsExactly("1.2.0");
  }

  @Test
  void sharesItsSessionOnlyForTheSameVersion() {
    want(V120);
    loader.finishPending();
    LoadedModel serving = slot.model().orElseThrow();
    ModelSlot<Kept> other = slot(ModelSlot.Role.CANDIDATE);

    assertThat(slot.share(V130)).isEmpty();
    other.install(V120, slot.share(V120).orElseThrow(), T0);
    other.clear();
    assertThat(serving.acquire()).as("the sharing slot gave back only its own reference").isTrue();
    serving.release();
  }

  @Test
  void acquiresTheSuccessorWhenTheModelItReadIsRetiredBeforeItsReference() {
    want(V120);
    loader.finishPending();
    LoadedModel first = slot.model().orElseThrow();
    boolean[] swapped = {false};

    // the predicate runs between reading the serving model and taking its reference: a reload
    // that lands exactly there retires the model that was read
    java.util.Optional<LoadedModel> got =
        slot.acquire(
            m -> {
              if (!swapped[0]) {
                swapped[0] = true;
                want(V130);
                loader.finishPending();
              }
              return true;
            });

    assertThat(first.acquire()).as("the model read first is closed").isFalse();
    assertThat(got).as("a retired model is not an answer: its successor is").isPresent();
    assertThat(got.get().version()).isEqualTo("1.3.0");
    got.get().release();
    assertThat(slot.acquire(m -> m.version().equals("1.2.0"))).isEmpty();
  }

  @Test
  void retiringStopsServingButKeepsTheWantedVersionToLoadAgain() {
    want(V120);
    loader.finishPending();

    slot.retire();
    want(V120);

    assertThat(slot.model()).isEmpty();
    assertThat(loader.requests()).hasSize(2);
    loader.finishPending();
    assertThat(slot.model().orElseThrow().version()).isEqualTo("1.2.0");
  }

  private String scrape() {
    try {
      return new String(metrics.scrape(), StandardCharsets.UTF_8);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
