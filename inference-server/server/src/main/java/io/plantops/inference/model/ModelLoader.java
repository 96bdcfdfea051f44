package io.plantops.inference.model;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import io.plantops.contract.HostAliases;
import io.plantops.contract.ModelRefusalReason;
import io.plantops.contract.MountPaths;
import io.plantops.contract.UseCaseConfig.Model;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Fetches, verifies and loads model versions.
 *
 * <p>Order matters: the bytes are fetched once, their SHA-256 compared with the config, the
 * protobuf checked for external data escaping the model's directory, and only then does ONNX
 * Runtime see them (from the verified bytes, so the file cannot change between check and load). The
 * session's signature is then checked against the template's inputs and outputs.
 */
public final class ModelLoader {

  private static final System.Logger LOG = System.getLogger(ModelLoader.class.getName());
  private static final Pattern CONFIGMAP_PART = Pattern.compile("[A-Za-z0-9._-]+");

  /** ONNX files larger than this are refused (protobuf's own limit is 2 GiB). */
  public static final long MAX_MODEL_BYTES = 1L << 30;

  private final OrtEnvironment env;
  private final HostAliases aliases;
  private final Path cacheDir;
  private final HttpClient http;
  private final Clock clock;
  private final String mountRoot;

  /** A loader resolving container paths against {@code PLANTOPS_MOUNT_ROOT}. */
  public ModelLoader(OrtEnvironment env, HostAliases aliases, Path cacheDir, Clock clock) {
    this(env, aliases, cacheDir, clock, System.getenv(MountPaths.MOUNT_ROOT_ENV));
  }

  /** A loader resolving container paths against {@code mountRoot} (null: as they are). */
  public ModelLoader(
      OrtEnvironment env, HostAliases aliases, Path cacheDir, Clock clock, String mountRoot) {
    this.mountRoot = mountRoot;
    this.env = env;
    this.aliases = aliases;
    this.cacheDir = cacheDir;
    this.clock = clock;
    this.http =
        HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(10))
            .followRedirects(HttpClient.Redirect.NORMAL)
            .build();
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
    String uri = aliases.rewrite(model.uri());
    Located located = locate(uri, model.sha256());
    byte[] bytes = located.bytes();
    String actual = sha256(bytes);
    if (!actual.equals(model.sha256())) {
      throw new ModelRefusedException(
          ModelRefusalReason.DigestMismatch,
          model.uri()
              + " has sha256 "
              + actual
              + " but the config expects "
              + model.sha256()
              + ": publish the file the template names, or correct models[].sha256 of version "
              + model.version());
    }
    if (located.cacheTarget() != null) {
      cache(located.cacheTarget(), bytes);
    }
    List<OnnxExternalData.Reference> external;
    try {
      external = OnnxExternalData.references(bytes);
    } catch (IllegalArgumentException e) {
      throw new ModelRefusedException(
          ModelRefusalReason.Unreadable,
          model.uri() + " is not an ONNX protobuf: " + e.getMessage(),
          e);
    }
    OrtSession session = open(model, located, bytes, external);
    try {
      checkSignature(session, model, inputs, outputs);
    } catch (ModelRefusedException e) {
      closeQuietly(session, model);
      throw e;
    }
    return new LoadedModel(
        env,
        session,
        model.version(),
        actual,
        model.inputTensor(),
        model.outputTensor(),
        inputs,
        outputs,
        clock.millis());
  }

  private OrtSession open(
      Model model, Located located, byte[] bytes, List<OnnxExternalData.Reference> external)
      throws ModelRefusedException {
    if (!external.isEmpty()) {
      if (located.directory() == null) {
        throw new ModelRefusedException(
            ModelRefusalReason.Unreadable,
            model.uri()
                + " refers to external data ("
                + external.get(0).location()
                + "), which only file:// and configmap:// models can carry: serve a"
                + " self-contained ONNX file over http(s)");
      }
      checkExternalData(model, located.directory(), external);
    }
    try (OrtSession.SessionOptions options = sessionOptions()) {
      // external data is resolved against the model's path, so only then load from the file
      return external.isEmpty()
          ? env.createSession(bytes, options)
          : env.createSession(located.file().toString(), options);
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

  static void checkExternalData(Model model, Path directory, List<OnnxExternalData.Reference> refs)
      throws ModelRefusedException {
    Path dir;
    try {
      dir = directory.toRealPath();
    } catch (IOException e) {
      throw new ModelRefusedException(
          ModelRefusalReason.Unreadable, "cannot resolve the directory of " + model.uri(), e);
    }
    for (OnnxExternalData.Reference ref : refs) {
      String where = "tensor '" + ref.tensor() + "' of " + model.uri();
      if (ref.location().isEmpty()) {
        throw new ModelRefusedException(
            ModelRefusalReason.ExternalDataOutsideModelDir,
            where + " is EXTERNAL without a location: re-export with the data inside the file");
      }
      Path target;
      try {
        Path relative = Path.of(ref.location());
        if (relative.isAbsolute()) {
          throw new ModelRefusedException(
              ModelRefusalReason.ExternalDataOutsideModelDir,
              where + " points at the absolute path " + ref.location() + escapeFix());
        }
        target = dir.resolve(relative).normalize();
        if (Files.exists(target)) {
          // a symlink inside the directory may still lead out of it
          target = target.toRealPath();
        }
      } catch (InvalidPathException | IOException e) {
        throw new ModelRefusedException(
            ModelRefusalReason.ExternalDataOutsideModelDir,
            where + " has an unusable location '" + ref.location() + "'" + escapeFix());
      }
      if (!target.startsWith(dir)) {
        throw new ModelRefusedException(
            ModelRefusalReason.ExternalDataOutsideModelDir,
            where + " reads '" + ref.location() + "', outside the model's directory" + escapeFix());
      }
    }
  }

  private static String escapeFix() {
    return ": external data must sit beside the .onnx file (a relative path without '..')";
  }

  private static void checkSignature(OrtSession session, Model model, int inputs, int outputs)
      throws ModelRefusedException {
    try {
      Map<String, NodeInfo> in = session.getInputInfo();
      Map<String, NodeInfo> out = session.getOutputInfo();
      String what = "model " + model.version() + " (" + model.uri() + ")";
      if (in.size() != 1 || !in.containsKey(model.inputTensor())) {
        throw new ModelRefusedException(
            ModelRefusalReason.SignatureMismatch,
            what
                + " has inputs "
                + in.keySet()
                + "; the template declares one input tensor '"
                + model.inputTensor()
                + "'");
      }
      checkTensor(what, "input", model.inputTensor(), in.get(model.inputTensor()), inputs);
      if (!out.containsKey(model.outputTensor())) {
        throw new ModelRefusedException(
            ModelRefusalReason.SignatureMismatch,
            what
                + " has outputs "
                + out.keySet()
                + "; the template declares the output tensor '"
                + model.outputTensor()
                + "'");
      }
      checkTensor(what, "output", model.outputTensor(), out.get(model.outputTensor()), outputs);
    } catch (OrtException e) {
      throw new ModelRefusedException(
          ModelRefusalReason.Unreadable, "cannot read the signature of " + model.uri(), e);
    }
  }

  private static void checkTensor(String what, String role, String name, NodeInfo info, int columns)
      throws ModelRefusedException {
    if (!(info.getInfo() instanceof TensorInfo tensor)
        || tensor.type != OnnxJavaType.FLOAT
        || tensor.getShape().length != 2) {
      throw new ModelRefusedException(
          ModelRefusalReason.SignatureMismatch,
          what
              + " "
              + role
              + " '"
              + name
              + "' is "
              + info.getInfo()
              + "; expected float [N, "
              + columns
              + "]");
    }
    long[] shape = tensor.getShape();
    if (shape[0] >= 0 || shape[1] != columns) {
      throw new ModelRefusedException(
          ModelRefusalReason.SignatureMismatch,
          what
              + " "
              + role
              + " '"
              + name
              + "' has shape "
              + Arrays.toString(shape)
              + "; the template's "
              + role
              + "s need [N, "
              + columns
              + "] with a dynamic batch dimension N");
    }
  }

  private record Located(byte[] bytes, Path file, Path directory, Path cacheTarget) {}

  private Located locate(String uri, String expectedSha) throws ModelRefusedException {
    URI parsed;
    try {
      parsed = URI.create(uri);
    } catch (IllegalArgumentException e) {
      throw new ModelRefusedException(
          ModelRefusalReason.Unreadable, "'" + uri + "' is not a URI", e);
    }
    String scheme = parsed.getScheme() == null ? "" : parsed.getScheme().toLowerCase();
    switch (scheme) {
      case "file" -> {
        if (parsed.getPath() == null || !parsed.getPath().startsWith("/")) {
          throw new ModelRefusedException(
              ModelRefusalReason.Unreadable, uri + ": file:// URIs need an absolute path");
        }
        return local(MountPaths.resolve(mountRoot, parsed.getPath()), uri);
      }
      case "configmap" -> {
        String name = parsed.getAuthority();
        String key = parsed.getPath() == null ? "" : parsed.getPath().replaceFirst("^/", "");
        if (name == null
            || !CONFIGMAP_PART.matcher(name).matches()
            || !CONFIGMAP_PART.matcher(key).matches()
            || key.equals("..")
            || key.equals(".")) {
          throw new ModelRefusedException(
              ModelRefusalReason.Unreadable, uri + ": expected configmap://<name>/<key>");
        }
        return local(
            MountPaths.resolve(mountRoot, MountPaths.MODELS_DIR).resolve(name).resolve(key), uri);
      }
      case "http", "https" -> {
        Path cached = cacheDir.resolve(expectedSha + ".onnx");
        if (Files.isRegularFile(cached)) {
          try {
            byte[] bytes = readLimited(Files.newInputStream(cached), uri);
            if (sha256(bytes).equals(expectedSha)) {
              return new Located(bytes, cached, null, null);
            }
          } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "ignoring unreadable cached " + cached, e);
          }
        }
        return new Located(download(parsed, uri), null, null, cached);
      }
      default ->
          throw new ModelRefusedException(
              ModelRefusalReason.Unreadable,
              uri + ": unsupported scheme; use file://, http(s):// or configmap://name/key");
    }
  }

  private Located local(Path file, String uri) throws ModelRefusedException {
    try {
      return new Located(
          readLimited(Files.newInputStream(file), uri),
          file,
          file.toAbsolutePath().getParent(),
          null);
    } catch (IOException e) {
      throw new ModelRefusedException(
          ModelRefusalReason.Unreadable, "cannot read " + uri + " at " + file + ": " + e, e);
    }
  }

  private byte[] download(URI parsed, String uri) throws ModelRefusedException {
    try {
      HttpResponse<InputStream> response =
          http.send(
              HttpRequest.newBuilder(parsed).timeout(Duration.ofSeconds(60)).GET().build(),
              HttpResponse.BodyHandlers.ofInputStream());
      if (response.statusCode() != 200) {
        response.body().close();
        throw new ModelRefusedException(
            ModelRefusalReason.Unreadable,
            "GET " + uri + " answered HTTP " + response.statusCode());
      }
      return readLimited(response.body(), uri);
    } catch (IOException e) {
      throw new ModelRefusedException(
          ModelRefusalReason.Unreadable, "cannot download " + uri + ": " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ModelRefusedException(
          ModelRefusalReason.Unreadable, "download of " + uri + " interrupted", e);
    }
  }

  private void cache(Path target, byte[] bytes) {
    try {
      Files.createDirectories(target.getParent());
      Path tmp = Files.createTempFile(target.getParent(), "download-", ".part");
      Files.write(tmp, bytes);
      Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      // the model is verified and in memory; a missing cache only costs a download on restart
      LOG.log(System.Logger.Level.WARNING, "cannot cache the model at " + target, e);
    }
  }

  private static byte[] readLimited(InputStream in, String uri) throws IOException {
    try (in) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      byte[] chunk = new byte[64 * 1024];
      long total = 0;
      int n;
      while ((n = in.read(chunk)) >= 0) {
        total += n;
        if (total > MAX_MODEL_BYTES) {
          throw new IOException(uri + " is larger than " + MAX_MODEL_BYTES + " bytes");
        }
        out.write(chunk, 0, n);
      }
      return out.toByteArray();
    }
  }

  private static void closeQuietly(OrtSession session, Model model) {
    try {
      session.close();
    } catch (OrtException e) {
      LOG.log(System.Logger.Level.WARNING, "closing refused model " + model.version(), e);
    }
  }

  /** Lower-case hex SHA-256. */
  public static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }
}
