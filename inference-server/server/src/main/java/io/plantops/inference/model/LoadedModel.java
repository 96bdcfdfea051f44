package io.plantops.inference.model;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.nio.FloatBuffer;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One verified, loaded model version: an ONNX Runtime session with the plantops tensor contract
 * ({@code input} float [N, inputs], {@code output} float [N, outputs]).
 *
 * <p>Reference counted: a reload retires a model while an HTTP request may still be running it, and
 * closing a native session under a running call would crash the process. The owner holds one
 * reference; every user {@link #acquire()}s and {@link #release()}s; the session closes when the
 * last reference goes.
 */
public final class LoadedModel {

  private final OrtEnvironment env;
  private final OrtSession session;
  private final String version;
  private final String sha256;
  private final String inputTensor;
  private final String outputTensor;
  private final Set<String> outputs;
  private final int inputs;
  private final int outputCount;
  private final long loadedAtMs;
  private final AtomicInteger refs = new AtomicInteger(1);

  LoadedModel(
      OrtEnvironment env,
      OrtSession session,
      String version,
      String sha256,
      String inputTensor,
      String outputTensor,
      int inputs,
      int outputCount,
      long loadedAtMs) {
    this.env = env;
    this.session = session;
    this.version = version;
    this.sha256 = sha256;
    this.inputTensor = inputTensor;
    this.outputTensor = outputTensor;
    this.outputs = Set.of(outputTensor);
    this.inputs = inputs;
    this.outputCount = outputCount;
    this.loadedAtMs = loadedAtMs;
  }

  /**
   * Runs {@code rows} rows laid out row-major in {@code flat}.
   *
   * @return {@code rows * outputs()} values, row-major
   */
  public float[] run(float[] flat, int rows) throws OrtException {
    float[] out = new float[rows * outputCount];
    run(flat, rows, out);
    return out;
  }

  /** Runs {@code rows} rows of {@code flat} and writes the outputs into {@code out}. */
  public void run(float[] flat, int rows, float[] out) throws OrtException {
    try (OnnxTensor input =
            OnnxTensor.createTensor(env, FloatBuffer.wrap(flat, 0, rows * inputs), shape(rows));
        OrtSession.Result result = session.run(Map.of(inputTensor, input), outputs)) {
      OnnxTensor tensor = (OnnxTensor) result.get(0);
      tensor.getFloatBuffer().get(out, 0, rows * outputCount);
    }
  }

  private long[] shape(int rows) {
    return new long[] {rows, inputs};
  }

  /** Takes a reference; false when the model is already closed (the caller must not run it). */
  public boolean acquire() {
    while (true) {
      int n = refs.get();
      if (n <= 0) {
        return false;
      }
      if (refs.compareAndSet(n, n + 1)) {
        return true;
      }
    }
  }

  /** Gives a reference back; the last one closes the session. */
  public void release() {
    if (refs.decrementAndGet() == 0) {
      try {
        session.close();
      } catch (OrtException e) {
        // the session is unusable either way; nothing else holds it
        System.getLogger(LoadedModel.class.getName())
            .log(System.Logger.Level.WARNING, "closing model " + version + " failed", e);
      }
    }
  }

  /** The owner's release: the model closes once in-flight calls finish. */
  public void retire() {
    release();
  }

  public String version() {
    return version;
  }

  public String sha256() {
    return sha256;
  }

  public String inputTensor() {
    return inputTensor;
  }

  public String outputTensor() {
    return outputTensor;
  }

  /** Number of input columns. */
  public int inputs() {
    return inputs;
  }

  /** Number of output columns. */
  public int outputs() {
    return outputCount;
  }

  public long loadedAtMs() {
    return loadedAtMs;
  }

  /** True when this is the version with that digest (the identity of a model). */
  public boolean is(String version, String sha256) {
    return this.version.equals(version) && this.sha256.equals(sha256);
  }
}
