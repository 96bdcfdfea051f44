package io.plantops.inference.model;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.plantops.contract.HostAliases;
import io.plantops.contract.ModelRefusalReason;
import io.plantops.contract.MountPaths;
import io.plantops.contract.UseCaseConfig.Model;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;

/**
 * Fetches, verifies and loads model versions.
 *
 * <p>Order matters: the bytes are fetched once ({@link ModelSource}), their SHA-256 compared with
 * the config, the protobuf checked for external data escaping the model's directory ({@link
 * ModelChecks}), and only then does ONNX Runtime see them (from the verified bytes, so the file
 * cannot change between check and load). The session's signature is then checked against the
 * template's inputs and outputs.
 */
public final class ModelLoader {

  private static final System.Logger LOG = System.getLogger(ModelLoader.class.getName());

  /** ONNX files larger than this are refused (protobuf's own limit is 2 GiB). */
  public static final long MAX_MODEL_BYTES = 1L << 30;

  private final OrtEnvironment env;
  private final ModelSource source;
  private final Clock clock;

  /** A loader resolving container paths against {@code PLANTOPS_MOUNT_ROOT}. */
  public ModelLoader(OrtEnvironment env, HostAliases aliases, Path cacheDir, Clock clock) {
    this(env, aliases, cacheDir, clock, System.getenv(MountPaths.MOUNT_ROOT_ENV));
  }

  /** A loader resolving container paths against {@code mountRoot} (null: as they are). */
  public ModelLoader(
      OrtEnvironment env, HostAliases aliases, Path cacheDir, Clock clock, String mountRoot) {
    this.env = env;
    this.source = new ModelSource(aliases, cacheDir, mountRoot);
    this.clock = clock;
  }

  /** A writable cache directory: under the data dir when writable, else under the tmp dir. */
  public static Path defaultCacheDir() {
    for (String dir : List.of(MountPaths.DATA_DIR, MountPaths.TMP_DIR)) {
      Path candidate = MountPaths.resolve(dir).resolve("plantops-model-cache");
      try {
        Files.createDirectories(candidate);
        if (Files.isWritable(candidate)) {
          return candidate;
        }
      } catch (IOException | SecurityException e) {
        LOG.log(System.Logger.Level.DEBUG, "model cache not usable at " + candidate, e);
      }
    }
    return Path.of(System.getProperty("java.io.tmpdir")).resolve("plantops-model-cache");
  }

  /**
   * Loads {@code model} for a use case with {@code inputs} input and {@code outputs} output
   * columns.
   *
   * @throws ModelRefusedException with the reason; nothing is loaded then
   */
  public LoadedModel load(Model model, int inputs, int outputs) throws ModelRefusedException {
    ModelSource.Fetched fetched = source.fetch(model.uri(), model.sha256());
    ModelChecks.digest(model, fetched.sha256());
    fetched.cacheTarget().ifPresent(target -> source.cache(target, fetched.bytes()));
    List<OnnxExternalData.Reference> external = ModelChecks.externalData(model, fetched.bytes());
    OrtSession session = open(model, fetched, external);
    try {
      ModelChecks.signature(session, model, inputs, outputs);
    } catch (ModelRefusedException e) {
      closeQuietly(session, model);
      throw e;
    }
    return new LoadedModel(
        env,
        session,
        model.version(),
        fetched.sha256(),
        model.inputTensor(),
        model.outputTensor(),
        inputs,
        outputs,
        clock.millis());
  }

  private OrtSession open(
      Model model, ModelSource.Fetched fetched, List<OnnxExternalData.Reference> external)
      throws ModelRefusedException {
    if (!external.isEmpty()) {
      Path directory =
          fetched
              .directory()
              .orElseThrow(
                  () ->
                      new ModelRefusedException(
                          ModelRefusalReason.Unreadable,
                          model.uri()
                              + " refers to external data ("
                              + external.get(0).location()
                              + "), which only file:// and configmap:// models can carry: serve a"
                              + " self-contained ONNX file over http(s)"));
      ModelChecks.externalDataInside(model, directory, external);
    }
    try (OrtSession.SessionOptions options = sessionOptions()) {
      // external data is resolved against the model's path, so only then load from the file
      return external.isEmpty()
          ? env.createSession(fetched.bytes(), options)
          : env.createSession(fetched.file().orElseThrow().toString(), options);
    } catch (OrtException e) {
      throw new ModelRefusedException(
          ModelRefusalReason.Unreadable,
          "ONNX Runtime cannot load " + model.uri() + ": " + e.getMessage(),
          e);
    }
  }

  private static OrtSession.SessionOptions sessionOptions() throws OrtException {
    OrtSession.SessionOptions options = new OrtSession.SessionOptions();
    // small tabular models on a shared 2-core pod: one thread per call, no spinning pool
    options.setIntraOpNumThreads(1);
    options.setInterOpNumThreads(1);
    options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
    return options;
  }

  private static void closeQuietly(OrtSession session, Model model) {
    try {
      session.close();
    } catch (OrtException e) {
      LOG.log(System.Logger.Level.WARNING, "closing refused model " + model.version(), e);
    }
  }
}
