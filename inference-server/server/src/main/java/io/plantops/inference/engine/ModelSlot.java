package io.plantops.inference.engine;

import io.plantops.contract.InferenceStatus.ModelState;
import io.plantops.contract.ModelLoadState;
import io.plantops.contract.ModelRefusal;
import io.plantops.contract.UseCaseConfig.Model;
import io.plantops.inference.metrics.InferenceMetrics;
import io.plantops.inference.model.LoadedModel;
import io.plantops.inference.model.ModelRefusedException;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * One model slot of a use case (the active one or the candidate one): the version the config wants
 * in it, how loading that version went, and the verified model serving from it together with what
 * the use case keeps about that model while it serves ({@code T}: drift and evaluation counters for
 * the active model, shadow statistics for the candidate).
 *
 * <p>A new version is loaded in the background while the current one keeps serving, and keeps
 * serving when the new one is refused. What is kept about a model starts afresh whenever another
 * model starts serving from the slot.
 *
 * <p>Threads: changes happen under the use case's lock (the one its evaluations hold); readers on
 * other threads see the volatile fields, and acquire a model before running it.
 *
 * @param <T> what is kept about the serving model
 */
public final class ModelSlot<T> {

  private static final System.Logger LOG = System.getLogger(ModelSlot.class.getName());

  /** Which slot of the use case; the metrics' {@code role} label. */
  public enum Role {
    ACTIVE,
    CANDIDATE;

    /** The value of the {@code role} label. */
    public String label() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /**
   * Loads a model version in the background and reports back to {@link #installed} or {@link
   * #failed}.
   */
  public interface Loader {
    void load(ModelSlot<?> slot, Model model, int inputs, int outputs);
  }

  /** Starts what the use case keeps about a model that starts serving from the slot. */
  @FunctionalInterface
  interface Companion<T> {
    T start(Model wanted, LoadedModel model, long nowMs);
  }

  /** The model serving from the slot and what is kept about it. */
  record Serving<T>(LoadedModel model, T kept) {}

  /** The version the config wants in the slot and how loading it went. */
  record Wanted(Model model, ModelLoadState state, Optional<ModelRefusal> refusal) {

    boolean loading(Model m) {
      return model.equals(m) && state == ModelLoadState.Loading;
    }
  }

  private final String useCase;
  private final Role role;
  private final Object lock;
  private final InferenceMetrics metrics;
  private final Companion<T> companion;
  private volatile Wanted wanted;
  private volatile Serving<T> serving;

  /**
   * @param lock the use case's lock, held by every change
   */
  ModelSlot(
      String useCase, Role role, Object lock, InferenceMetrics metrics, Companion<T> companion) {
    this.useCase = useCase;
    this.role = role;
    this.lock = lock;
    this.metrics = metrics;
    this.companion = companion;
  }

  public Role role() {
    return role;
  }

  /** The serving model and what is kept about it, if a model serves. */
  Optional<Serving<T>> serving() {
    return Optional.ofNullable(serving);
  }

  /** The serving model, if any. */
  public Optional<LoadedModel> model() {
    Serving<T> s = serving;
    return s == null ? Optional.empty() : Optional.of(s.model());
  }

  /** The wanted version and how loading it went; empty when the config wants none here. */
  Optional<Wanted> wanted() {
    return Optional.ofNullable(wanted);
  }

  /** True when {@code m} (version and digest) serves from this slot. */
  boolean serves(Model m) {
    Serving<T> s = serving;
    return s != null && s.model().is(m.version(), m.sha256());
  }

  /**
   * Makes {@code want} the wanted version: kept when it serves already, left alone while it loads,
   * else loaded in the background while the current model keeps serving. Caller holds the lock.
   */
  void want(Model want, int inputs, int outputs, Loader loader) {
    if (serves(want)) {
      wanted = new Wanted(want, ModelLoadState.Loaded, Optional.empty());
      return;
    }
    Wanted w = wanted;
    if (w != null && w.loading(want)) {
      return;
    }
    wanted = new Wanted(want, ModelLoadState.Loading, Optional.empty());
    loader.load(this, want, inputs, outputs);
  }

  /**
   * Serves {@code model} as the wanted {@code want}, retiring the model it replaces. The slot now
   * owns one reference of {@code model}. Caller holds the lock.
   */
  void install(Model want, LoadedModel model, long nowMs) {
    Serving<T> old = serving;
    serving = new Serving<>(model, companion.start(want, model, nowMs));
    wanted = new Wanted(want, ModelLoadState.Loaded, Optional.empty());
    if (old != null && old.model() != model) {
      old.model().retire();
    }
  }

  /**
   * A second reference of the serving model when it is {@code want}, for another slot to serve the
   * same session.
   */
  Optional<LoadedModel> share(Model want) {
    Serving<T> s = serving;
    return s != null && s.model().is(want.version(), want.sha256()) && s.model().acquire()
        ? Optional.of(s.model())
        : Optional.empty();
  }

  /**
   * Takes a reference of the serving model when {@code which} accepts it, for a caller on another
   * thread to run it; the caller releases it. A model retired between the read and the reference (a
   * reload swapped it out) is not an answer: the slot already serves its successor, which is read
   * again, so a reload never refuses a request that a serving model can answer.
   */
  Optional<LoadedModel> acquire(Predicate<LoadedModel> which) {
    Serving<T> s = serving;
    while (s != null && which.test(s.model())) {
      if (s.model().acquire()) {
        return Optional.of(s.model());
      }
      Serving<T> next = serving;
      if (next == s) {
        return Optional.empty(); // closed yet still here: cannot happen, the swap comes first
      }
      s = next;
    }
    return Optional.empty();
  }

  /** The loader's success callback: serves the model if it is still the wanted one. */
  public void installed(Model want, LoadedModel model, long nowMs) {
    synchronized (lock) {
      Wanted w = wanted;
      if (w == null || !w.model().equals(want)) {
        model.retire(); // the config moved on while it loaded
        return;
      }
      install(want, model, nowMs);
    }
    LOG.log(
        System.Logger.Level.INFO,
        "use case {0}: {1} model {2} loaded (sha256 {3})",
        useCase,
        role,
        want.version(),
        model.sha256());
  }

  /** The loader's failure callback: the model serving before keeps serving. */
  public void failed(Model want, ModelRefusedException e) {
    String stillServing;
    synchronized (lock) {
      Wanted w = wanted;
      if (w == null || !w.model().equals(want)) {
        return;
      }
      wanted = new Wanted(want, ModelLoadState.Failed, Optional.of(e.refusal()));
      stillServing = model().map(LoadedModel::version).orElse("none");
    }
    metrics.modelLoadFailure(useCase, want.version(), e.reason().name());
    LOG.log(
        System.Logger.Level.ERROR,
        "use case "
            + useCase
            + ": "
            + role
            + " model "
            + want.version()
            + " refused, "
            + e.describe()
            + "; still serving "
            + stillServing);
  }

  /** Stops serving, keeping the wanted version (to be loaded again). Caller holds the lock. */
  void retire() {
    Serving<T> s = serving;
    serving = null;
    if (s != null) {
      s.model().retire();
    }
  }

  /** Stops serving and wants nothing. Caller holds the lock. */
  void clear() {
    retire();
    wanted = null;
  }

  /** True unless the wanted version is still loading. */
  boolean settled() {
    Wanted w = wanted;
    return w == null || w.state() != ModelLoadState.Loading;
  }

  /** The slot's block of the status document; empty when the config wants no model here. */
  Optional<ModelState> state() {
    Wanted w = wanted;
    if (w == null) {
      return Optional.empty();
    }
    LoadedModel model = model().orElse(null);
    boolean wantedServes = model != null && model.is(w.model().version(), w.model().sha256());
    return Optional.of(
        new ModelState(
            w.model().version(),
            wantedServes ? model.sha256() : null,
            w.state(),
            w.refusal().orElse(null),
            wantedServes ? model.loadedAtMs() : null,
            model == null ? null : model.version()));
  }
}
