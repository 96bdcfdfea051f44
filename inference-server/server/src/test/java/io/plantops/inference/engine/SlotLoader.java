package io.plantops.inference.engine;

import ai.onnxruntime.OrtEnvironment;
import io.plantops.contract.HostAliases;
import io.plantops.contract.UseCaseConfig.Model;
import io.plantops.inference.model.ModelLoader;
import io.plantops.inference.model.ModelRefusedException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * A {@link ModelSlot.Loader} over the real {@link ModelLoader} that loads when the test says so (or
 * at once), on the test's thread, so a test decides what finishes loading when.
 */
final class SlotLoader implements ModelSlot.Loader {

  /** One load a slot asked for. */
  record Request(ModelSlot<?> slot, Model model, int inputs, int outputs) {}

  private final ModelLoader loader;
  private final Clock clock;
  private final List<Request> requests = new ArrayList<>();
  private final List<Request> pending = new ArrayList<>();
  private boolean immediate;

  SlotLoader(Path cacheDir, Clock clock) {
    this.loader =
        new ModelLoader(
            OrtEnvironment.getEnvironment(), HostAliases.parse(null), cacheDir, clock, null);
    this.clock = clock;
  }

  /** Loads every later request at once, as if loading took no time. */
  SlotLoader immediate() {
    immediate = true;
    return this;
  }

  @Override
  public void load(ModelSlot<?> slot, Model model, int inputs, int outputs) {
    Request r = new Request(slot, model, inputs, outputs);
    requests.add(r);
    if (immediate) {
      finish(r);
    } else {
      pending.add(r);
    }
  }

  /** Every load asked for so far, in order. */
  List<Request> requests() {
    return List.copyOf(requests);
  }

  /** Finishes the loads asked for and not finished yet, in order. */
  void finishPending() {
    List<Request> now = List.copyOf(pending);
    pending.clear();
    now.forEach(this::finish);
  }

  private void finish(Request r) {
    try {
      r.slot()
          .installed(r.model(), loader.load(r.model(), r.inputs(), r.outputs()), clock.millis());
    } catch (ModelRefusedException e) {
      r.slot().failed(r.model(), e);
    }
  }
}
