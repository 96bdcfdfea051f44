package io.plantops.inference.http;

import ai.onnxruntime.OrtException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.plantops.contract.UseCaseConfig;
import io.plantops.inference.engine.Engine;
import io.plantops.inference.engine.UseCaseRuntime;
import io.plantops.inference.model.LoadedModel;
import java.io.IOException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The Open Inference Protocol v2 endpoints (KServe's REST protocol): server and model metadata,
 * model readiness, and raw inference on a model version. A model is a use case of the plant; its
 * versions are the active and the candidate one.
 */
final class ModelEndpoints {

  private static final System.Logger LOG = System.getLogger(ModelEndpoints.class.getName());

  private final Engine engine;
  private final ObjectMapper json;

  ModelEndpoints(Engine engine, ObjectMapper json) {
    this.engine = engine;
    this.json = json;
  }

  void serverMetadata(ApiCall call) {
    call.json(
        200, "{\"name\":\"plantops-inference-server\",\"version\":\"v1alpha1\",\"extensions\":[]}");
  }

  void modelMetadata(ApiCall call) throws ApiError, IOException {
    UseCaseRuntime rt = useCase(call.model());
    LoadedModel model = peek(rt, call);
    call.json(200, json.writeValueAsBytes(metadata(rt, call, model)));
  }

  void modelReady(ApiCall call) throws ApiError, IOException {
    UseCaseRuntime rt = useCase(call.model());
    boolean ready;
    try {
      peek(rt, call);
      ready = true;
    } catch (ApiError e) {
      if (e.status() != 503) {
        throw e;
      }
      ready = false;
    }
    // OIP: 200 when ready, 4xx when not
    call.json(
        ready ? 200 : 400, json.writeValueAsBytes(Map.of("name", call.model(), "ready", ready)));
  }

  private UseCaseRuntime useCase(String name) throws ApiError {
    return engine
        .runtime(name)
        .orElseThrow(
            () ->
                ApiError.notFound(
                    "UnknownModel",
                    "no model '"
                        + ApiError.quote(name)
                        + "' at this plant; models are the plant's use cases: "
                        + engine
                            .snapshot()
                            .map(s -> s.useCases().keySet().toString())
                            .orElse("[]")));
  }

  /**
   * The model serving the call's version (or the active one), looked at without a reference.
   *
   * @throws ApiError 404 for a version that neither serves nor is wanted by the config, 503 for one
   *     that is wanted but does not serve (loading or refused)
   */
  private static LoadedModel peek(UseCaseRuntime rt, ApiCall call) throws ApiError {
    Optional<LoadedModel> model = rt.model(call.version());
    if (model.isPresent()) {
      return model.get();
    }
    throw notServing(rt, call);
  }

  private static ApiError notServing(UseCaseRuntime rt, ApiCall call) {
    Optional<String> v = call.version();
    if (v.isPresent() && !rt.versions().contains(v.get())) {
      return ApiError.notFound(
          "UnknownVersion",
          "model '"
              + call.model()
              + "' has no version '"
              + ApiError.quote(v.get())
              + "'; serving: "
              + rt.servingVersions());
    }
    return new ApiError(
        503,
        "ModelNotLoaded",
        "model '"
            + call.model()
            + "' "
            + v.orElse("(active)")
            + " is not serving (loading or refused); serving: "
            + rt.servingVersions()
            + "; see /v1/status for the reason");
  }

  /** OIP model metadata of what serves: its version, its tensors, the use case's signals. */
  private static Map<String, Object> metadata(UseCaseRuntime rt, ApiCall call, LoadedModel model) {
    UseCaseConfig u = rt.config();
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("name", rt.name());
    body.put("versions", call.version().map(List::of).orElse(rt.servingVersions()));
    body.put("platform", "onnxruntime_onnx");
    body.put(
        "inputs",
        List.of(
            Map.of(
                "name",
                model.inputTensor(),
                "datatype",
                "FP32",
                "shape",
                List.of(-1, model.inputs()))));
    body.put(
        "outputs",
        List.of(
            Map.of(
                "name",
                model.outputTensor(),
                "datatype",
                "FP32",
                "shape",
                List.of(-1, model.outputs()))));
    body.put(
        "parameters",
        Map.of(
            "template", u.template(),
            "input_signals", u.inputs().stream().map(UseCaseConfig.Feature::signal).toList(),
            "output_names", u.outputs().stream().map(UseCaseConfig.Output::name).toList()));
    return body;
  }

  void infer(ApiCall call) throws ApiError, IOException {
    InferCodec.Request req = InferCodec.parse(call.body());
    UseCaseRuntime rt = useCase(call.model());
    // a reference for the whole call: a reload may retire the model meanwhile, and the session
    // closes only when the call gives it back
    LoadedModel model = rt.acquire(call.version()).orElseThrow(() -> notServing(rt, call));
    float[] out;
    int rows;
    try {
      InferCodec.Tensor t = input(req, model);
      rows = (int) t.shape()[0];
      out = model.run(t.data(), rows);
    } catch (OrtException e) {
      // the shape and datatype were checked: this is the model's own refusal, detailed in the log
      LOG.log(System.Logger.Level.DEBUG, "model " + call.model() + " refused an input", e);
      throw new ApiError(
          422,
          "ModelError",
          "the model could not run on this input (ONNX Runtime " + e.getCode() + ")");
    } finally {
      model.release();
    }
    byte[] response =
        InferCodec.response(
            call.model(),
            model.version(),
            req.id(),
            model.outputTensor(),
            rows,
            model.outputs(),
            out);
    call.json(200, response, model.version());
  }

  /** The request's one input tensor, checked against the model's signature. */
  private static InferCodec.Tensor input(InferCodec.Request req, LoadedModel model)
      throws ApiError {
    if (req.inputs().size() != 1) {
      throw ApiError.badRequest(
          "ShapeMismatch", "the model takes one input tensor '" + model.inputTensor() + "'");
    }
    InferCodec.Tensor t = req.inputs().get(0);
    if (!t.name().equals(model.inputTensor())) {
      throw ApiError.badRequest(
          "UnknownInput",
          "inputs[0].name is '"
              + ApiError.quote(t.name())
              + "'; the model's input is '"
              + model.inputTensor()
              + "'");
    }
    if (!t.datatype().equals("FP32")) {
      throw ApiError.badRequest(
          "DatatypeMismatch",
          "inputs[0].datatype is " + ApiError.quote(t.datatype()) + "; the model takes FP32");
    }
    long[] shape = t.shape();
    if (shape.length != 2
        || shape[1] != model.inputs()
        || shape[0] < 1
        || shape[0] > InferCodec.MAX_ROWS) {
      throw ApiError.badRequest(
          "ShapeMismatch",
          "inputs[0].shape is "
              + Arrays.toString(shape)
              + "; expected [N, "
              + model.inputs()
              + "] with 1 <= N <= "
              + InferCodec.MAX_ROWS);
    }
    int rows = (int) shape[0];
    if (t.count() != rows * model.inputs()) {
      throw ApiError.badRequest(
          "ShapeMismatch",
          "inputs[0].data holds "
              + t.count()
              + " values; shape "
              + Arrays.toString(shape)
              + " needs "
              + rows * model.inputs());
    }
    for (String o : req.outputs()) {
      if (!o.equals(model.outputTensor())) {
        throw ApiError.badRequest(
            "UnknownOutput",
            "outputs names '"
                + ApiError.quote(o)
                + "'; the model's output is '"
                + model.outputTensor()
                + "'");
      }
    }
    return t;
  }
}
